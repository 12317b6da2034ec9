package dev.jkops.model.provider;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.FieldError;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.CloudNeeds;
import dev.jkops.model.DataPlane;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkContext;
import dev.jkops.model.NetworkProvider;
import dev.jkops.model.NodeNetworkConfig;
import dev.jkops.model.PortNeed;
import dev.jkops.model.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * calico: pod ranges routed between nodes (BGP, TCP 179), encapsulated across subnets with IP-in-IP
 * (protocol 4, kops' default, CrossSubnet on AWS) or VXLAN (UDP 4789); Felix enforces NetworkPolicy
 * and turns the AWS source/dest check off. The datastore is the Kubernetes API (today's default) or
 * the cluster's etcd (2017), reached on TCP 4001, which kops' base rules keep closed to nodes, so
 * that datastore adds a rule.
 */
public final class CalicoProvider implements NetworkProvider {
  public static final String VERSION = "v3.31.6";
  public static final String NODE_IMAGE = "docker.io/calico/node:" + VERSION;
  public static final String CNI_IMAGE = "docker.io/calico/cni:" + VERSION;
  public static final String CONTROLLERS_IMAGE = "docker.io/calico/kube-controllers:" + VERSION;
  static final int BGP_PORT = 179;
  static final int VXLAN_PORT = 4789;
  static final int VXLAN_VNI = 4096;

  private final NetworkingSpec.Calico spec;

  public CalicoProvider(NetworkingSpec.Calico spec) {
    this.spec = spec;
  }

  @Override
  public String mode() {
    return "calico";
  }

  @Override
  public NetworkingSpec spec() {
    return spec;
  }

  /** kops writes calico's encapsulation mode into the completed spec (ipip unless chosen). */
  @Override
  public NetworkingSpec completedSpec() {
    return new NetworkingSpec.Calico(
        spec.mtu(),
        spec.encapsulationModeOrDefault(),
        spec.crossSubnet(),
        spec.awsSrcDstCheck(),
        spec.datastore(),
        spec.extra());
  }

  /**
   * kops: IPv6 pods are routed by the VPC (each node's prefix), never encapsulated, so an IPv6
   * cluster's calico gets encapsulationMode none.
   */
  @Override
  public NetworkingSpec completedIpv6Spec() {
    return new NetworkingSpec.Calico(
        spec.mtu(),
        spec.encapsulationMode() == null ? "none" : spec.encapsulationMode(),
        spec.crossSubnet(),
        spec.awsSrcDstCheck(),
        spec.datastore(),
        spec.extra());
  }

  @Override
  public String kubeletNetworkPlugin() {
    return CNI;
  }

  private boolean etcd() {
    return NetworkingSpec.Calico.DATASTORE_ETCD.equals(spec.datastoreOrDefault());
  }

  /**
   * The encapsulation calico really uses on this cloud: ipip becomes vxlan where the kernel lacks
   * it.
   */
  String effectiveEncapsulation(NetworkContext ctx) {
    String mode = spec.encapsulationModeOrDefault();
    return "ipip".equals(mode) && !ctx.cloud().ipInIp() ? "vxlan" : mode;
  }

  @Override
  public List<FieldError> validate(ClusterBundle bundle) {
    List<FieldError> errors = new ArrayList<>();
    ProviderSupport.requireDaemonSets(bundle, "calico", errors);
    String ds = spec.datastoreOrDefault();
    if (!ds.equals(NetworkingSpec.Calico.DATASTORE_KUBERNETES)
        && !ds.equals(NetworkingSpec.Calico.DATASTORE_ETCD)) {
      errors.add(
          FieldError.unsupported(
              "spec.networking.calico.datastore",
              ds,
              "supported values: \"etcd\", \"kubernetes\""));
    }
    if (bundle.cluster().spec().isIpv6Only() && etcd()) {
      errors.add(
          FieldError.forbidden(
              "spec.networking.calico.datastore",
              "an IPv6 cluster's calico keeps its state in the Kubernetes datastore (as kops'"
                  + " does); leave datastore out or set it to \"kubernetes\""));
    }
    String enc = spec.encapsulationModeOrDefault();
    if (!NetworkingSpec.Calico.ENCAPSULATION_MODES.contains(enc)) {
      errors.add(
          FieldError.unsupported(
              "spec.networking.calico.encapsulationMode",
              enc,
              "supported values: \"ipip\", \"none\", \"vxlan\""));
    }
    long subnets =
        bundle.instanceGroups().stream()
            .filter(ig -> !ig.spec().isBastion())
            .flatMap(ig -> ig.spec().subnetsOrEmpty().stream())
            .distinct()
            .count();
    // An IPv6 cluster's pod prefixes are routed by the VPC itself, so "none" spans subnets there.
    if ("none".equals(enc) && subnets > 1 && !bundle.cluster().spec().isIpv6Only()) {
      errors.add(
          FieldError.forbidden(
              "spec.networking.calico.encapsulationMode",
              "\"none\" routes pod"
                  + " traffic only within one subnet, and this cluster's nodes span "
                  + subnets
                  + " subnets whose"
                  + " routers do not learn calico's BGP routes; use \"ipip\" or \"vxlan\""));
    }
    ProviderSupport.checkMtu(
        spec.mtu(), "spec.networking.calico.mtu", bundle, ProviderSupport.IPIP_OVERHEAD, errors);
    return errors;
  }

  @Override
  public List<String> warnings(NetworkContext ctx) {
    List<String> w = new ArrayList<>();
    if ("ipip".equals(spec.encapsulationModeOrDefault()) && !ctx.cloud().ipInIp()) {
      w.add(
          "this cloud's kernel has no IP-in-IP: calico's cross-subnet traffic uses VXLAN (UDP "
              + VXLAN_PORT
              + ", MTU "
              + mtu(ctx)
              + ") here instead");
    }
    if (etcd()) {
      w.add(
          "calico's etcd datastore opens the cluster's etcd (TCP 4001) to every node; the Kubernetes"
              + " datastore needs no such access");
    }
    return w;
  }

  @Override
  public NodeNetworkConfig nodeConfig(
      NetworkContext ctx, Instance instance, Optional<Cidr> podRange) {
    return ProviderSupport.bridgeCniNode(
        ctx, instance, podRange, "10-calico.conflist", "k8s-pod-network", "cali", mtu(ctx));
  }

  @Override
  public CloudNeeds cloudNeeds(NetworkContext ctx) {
    List<PortNeed> ports =
        new ArrayList<>(PortNeed.amongNodes("tcp", BGP_PORT, BGP_PORT, "calico BGP"));
    // kops opens IP-in-IP among the nodes and masters for every calico cluster, whatever its
    // encapsulation (vxlan, none, IPv6)
    ports.addAll(PortNeed.amongNodes("4", 0, 65535, "calico IP-in-IP"));
    if ("vxlan".equals(effectiveEncapsulation(ctx))) {
      ports.addAll(PortNeed.amongNodes("udp", VXLAN_PORT, VXLAN_PORT, "calico VXLAN"));
    }
    if (etcd()) {
      ports.add(
          PortNeed.tcp(
              Role.NODE, Role.CONTROL_PLANE, EtcdEndpoints.CLIENT_PORT, "calico etcd datastore"));
    }
    // IPv6: a pod's address is in the prefix delegated to its node's interface, which the
    // source/dest check accepts.
    boolean keepCheck = Boolean.TRUE.equals(spec.awsSrcDstCheck()) || ctx.isIpv6();
    return new CloudNeeds(
        ports,
        !keepCheck,
        // IPv6 (kops): calico leaves the source/dest check alone, so it needs no call of its own
        ctx.isIpv6()
            ? List.of()
            : List.of("ec2:DescribeInstances", "ec2:ModifyNetworkInterfaceAttribute"),
        false);
  }

  @Override
  public int mtu(NetworkContext ctx) {
    if (spec.mtu() != null) {
      return spec.mtu();
    }
    return switch (effectiveEncapsulation(ctx)) {
      case "vxlan" -> ctx.cloud().linkMtu() - ProviderSupport.VXLAN_OVERHEAD;
      case "ipip" -> ctx.cloud().linkMtu() - ProviderSupport.IPIP_OVERHEAD;
      default -> ctx.cloud().linkMtu();
    };
  }

  @Override
  public boolean enforcesNetworkPolicy() {
    return true;
  }

  @Override
  public DataPlane dataPlane(NetworkContext ctx) {
    return new DataPlane.CalicoRouted(effectiveEncapsulation(ctx), VXLAN_VNI, VXLAN_PORT, mtu(ctx));
  }

  @Override
  public Optional<AddonManifest> addon(NetworkContext ctx) {
    return Optional.of(
        CalicoManifest.render(ctx, spec, etcd() ? EtcdEndpoints.of(ctx) : List.of(), mtu(ctx)));
  }
}
