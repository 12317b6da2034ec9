package dev.jkops.model;

import dev.jkops.api.Cidr;
import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterDefaults;
import dev.jkops.api.ClusterSpec;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.KubeControllerManagerConfig;
import dev.jkops.api.KubernetesVersion;
import java.util.List;

/**
 * Everything a provider reads while planning, computed once from a completed bundle: the cluster's
 * CIDRs (kops' defaults where the spec leaves them out), its Kubernetes version, its instances and
 * the cloud's facts.
 */
public record NetworkContext(
    ClusterBundle bundle,
    KubernetesVersion kubernetesVersion,
    Cidr networkCIDR,
    Cidr nonMasqueradeCIDR,
    Cidr podCIDR,
    Cidr serviceClusterIPRange,
    int nodeCIDRMaskSize,
    List<Instance> instances,
    CloudFacts cloud) {

  public static final String DEFAULT_NETWORK_CIDR = "172.20.0.0/16";
  public static final String DEFAULT_NON_MASQUERADE_CIDR = "100.64.0.0/10";
  public static final String DEFAULT_SERVICE_CIDR = "100.64.0.0/13";
  public static final int DEFAULT_NODE_MASK = 24;

  /**
   * The version assumed when a spec names none or an unreadable one (the validator reports those).
   */
  public static final KubernetesVersion DEFAULT_VERSION = new KubernetesVersion(1, 32, 0);

  public NetworkContext {
    instances = List.copyOf(instances);
  }

  /** The context of a bundle on a cloud; missing CIDRs take kops' defaults (facts section 2). */
  public static NetworkContext of(ClusterBundle bundle, CloudFacts cloud) {
    ClusterSpec spec = bundle.cluster().spec();
    if (spec.isIpv6Only()) {
      return ipv6(bundle, cloud);
    }
    Cidr nonMasq =
        parse("spec.nonMasqueradeCIDR", spec.nonMasqueradeCIDR(), DEFAULT_NON_MASQUERADE_CIDR);
    Cidr pod =
        spec.podCIDR() == null ? nonMasq.upperHalf() : parse("spec.podCIDR", spec.podCIDR(), null);
    KubeControllerManagerConfig kcm = spec.kubeControllerManager();
    int mask =
        kcm == null || kcm.nodeCIDRMaskSize() == null ? DEFAULT_NODE_MASK : kcm.nodeCIDRMaskSize();
    if (mask < pod.prefix() || mask > 30) {
      throw new ModelException(
          "spec.kubeControllerManager.nodeCIDRMaskSize "
              + mask
              + " does not fit"
              + " spec.podCIDR "
              + pod
              + "; use a mask between /"
              + pod.prefix()
              + " and /30 (kops uses /24)");
    }
    return new NetworkContext(
        bundle,
        version(spec),
        parse("spec.networkCIDR", spec.networkCIDR(), DEFAULT_NETWORK_CIDR),
        nonMasq,
        pod,
        parse("spec.serviceClusterIPRange", spec.serviceClusterIPRange(), DEFAULT_SERVICE_CIDR),
        mask,
        InstanceLayout.of(bundle),
        cloud);
  }

  /**
   * An IPv6 cluster ({@code nonMasqueradeCIDR: ::/0}), on AWS or the local cloud. On AWS each
   * node's pod prefix is delegated by the VPC (kops-controller asks AWS for it), so the plan
   * allocates no pod ranges; the local cloud gives its VPC block in {@link CloudFacts#ipv6VpcBlock}
   * and the planner hands out each node's /80 ({@link dev.jkops.model.ipam.LocalIpv6Ranges}), and
   * the IPv4 ranges {@link #nonMasqueradeCIDR}, {@link #podCIDR} and {@link #serviceClusterIPRange}
   * are null: the cluster's ranges are IPv6 ({@link #ipv6ServiceRange}). The VPC keeps its IPv4
   * block ({@link #networkCIDR}) for the NAT64 gateways and DualStack subnets.
   */
  private static NetworkContext ipv6(ClusterBundle bundle, CloudFacts cloud) {
    ClusterSpec spec = bundle.cluster().spec();
    if (!"aws".equals(spec.cloudProvider()) && cloud.ipv6VpcBlock().isEmpty()) {
      throw new ModelException(
          "spec.nonMasqueradeCIDR: "
              + spec.nonMasqueradeCIDR()
              + " makes cluster "
              + bundle.name()
              + " an IPv6 cluster, whose network jkops plans on AWS (spec.cloudProvider: aws) or"
              + " on the local cloud");
    }
    return new NetworkContext(
        bundle,
        version(spec),
        parse("spec.networkCIDR", spec.networkCIDR(), DEFAULT_NETWORK_CIDR),
        null,
        null,
        null,
        DEFAULT_NODE_MASK,
        InstanceLayout.of(bundle, cloud.ipv6VpcBlock()),
        cloud);
  }

  /** True for an IPv6 cluster: its pods and services have IPv6 addresses only. */
  public boolean isIpv6() {
    return spec().isIpv6Only();
  }

  /**
   * An IPv6 cluster's service range as the completed spec has it (kops: {@code
   * fd00:5e4f:ce::/108}).
   */
  public String ipv6ServiceRange() {
    String range = spec().serviceClusterIPRange();
    return range == null ? ClusterDefaults.IPV6_SERVICE_CLUSTER_IP_RANGE : range;
  }

  /** The context on the cloud the spec names, before anything exists there. */
  public static NetworkContext of(ClusterBundle bundle) {
    return of(bundle, CloudFacts.forCloud(bundle.cluster().spec().cloudProvider()));
  }

  public Cluster cluster() {
    return bundle.cluster();
  }

  public String clusterName() {
    return bundle.name();
  }

  public ClusterSpec spec() {
    return bundle.cluster().spec();
  }

  public boolean isAws() {
    return "aws".equals(spec().cloudProvider());
  }

  /**
   * The spec's Kubernetes version, or {@link #DEFAULT_VERSION} when it has none or an unreadable
   * one.
   */
  public static KubernetesVersion version(ClusterSpec spec) {
    return KubernetesVersion.parse(spec.kubernetesVersion()).orElse(DEFAULT_VERSION);
  }

  /** Private topology: any Private subnet, or a 2017 spec saying masters/nodes are private. */
  public boolean isPrivateTopology() {
    return isPrivateTopology(spec());
  }

  public static boolean isPrivateTopology(ClusterSpec spec) {
    boolean privateSubnet =
        spec.subnetsOrEmpty().stream().anyMatch(s -> ClusterSubnet.PRIVATE.equals(s.type()));
    boolean legacy =
        spec.topology() != null
            && ("private".equalsIgnoreCase(spec.topology().masters())
                || "private".equalsIgnoreCase(spec.topology().nodes()));
    return privateSubnet || legacy;
  }

  private static Cidr parse(String field, String value, String fallback) {
    String text = value == null ? fallback : value;
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ModelException(field + ": " + e.getMessage(), e);
    }
  }
}
