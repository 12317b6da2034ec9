package dev.jkops.model;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.FieldError;
import dev.jkops.api.NetworkingSpec;
import java.util.List;
import java.util.Optional;

/**
 * One networking mode, answering alone for everything the mode needs. Implementations live in
 * {@code dev.jkops.model.provider}, one class each; {@link NetworkProviders#forSpec} picks one.
 * Adding a provider means one class, its addon template and one line in NetworkProviders (see
 * docs/adding-a-provider.md).
 */
public interface NetworkProvider {

  /** Name of the kubelet's network plugin before 1.24: kubenet or cni ("" for classic). */
  String KUBENET = "kubenet";

  String CNI = "cni";

  /**
   * The mode's name as {@code --networking} spells it, e.g. {@code kubenet} or {@code flannel-udp}.
   */
  String mode();

  /** The spec.networking record this provider was made from. */
  NetworkingSpec spec();

  /**
   * The spec.networking record as kops completes it: the provider's option defaults written out
   * (calico's encapsulationMode, flannel's backend). Most providers have none to add.
   */
  default NetworkingSpec completedSpec() {
    return spec();
  }

  /**
   * The completed spec.networking record when kops' defaults depend on the cluster's ranges
   * (kindnet's).
   */
  /**
   * The networking block kops completes for an IPv6 cluster ({@code nonMasqueradeCIDR: ::/0}),
   * whose ranges a {@link NetworkContext} cannot hold yet.
   */
  default NetworkingSpec completedIpv6Spec() {
    return completedSpec();
  }

  default NetworkingSpec completedSpec(NetworkContext ctx) {
    return completedSpec();
  }

  /**
   * Why this mode cannot work for the bundle, each with its field path; empty when it can. {@code
   * create cluster} calls it so the user hears why before anything is written.
   */
  List<FieldError> validate(ClusterBundle bundle);

  /** Warnings that do not stop the plan (an archived upstream, a quota above 50, ...). */
  default List<String> warnings(NetworkContext ctx) {
    return List.of();
  }

  /**
   * {@code kubenet}, {@code cni}, or "" for classic: the kubelet's plugin before Kubernetes 1.24.
   */
  String kubeletNetworkPlugin();

  /** kube-controller-manager and kube-proxy settings. */
  default ControlPlaneNetworkConfig controlPlane(NetworkContext ctx) {
    if (ctx.isIpv6()) {
      // kops: kops-controller gives each IPv6 node the prefix AWS delegated to it; the controller
      // manager allocates nothing and the VPC routes the prefixes.
      return new ControlPlaneNetworkConfig(false, false, "::/0", 0, true, "::/0");
    }
    String pod = ctx.podCIDR().toString();
    return new ControlPlaneNetworkConfig(
        true, cloudNeeds(ctx).needsVpcRoutes(), pod, ctx.nodeCIDRMaskSize(), true, pod);
  }

  /**
   * True when pods take addresses of their node's own VPC subnet (amazonvpc's ENI secondary
   * addresses) instead of a range of the pod CIDR: the planner then gives each node a block of its
   * subnet ({@link dev.jkops.model.ipam.SubnetPodBlocks}).
   */
  default boolean podsTakeSubnetAddresses(NetworkContext ctx) {
    return false;
  }

  /** One node's configuration; {@code podRange} is empty only for bastions. */
  NodeNetworkConfig nodeConfig(NetworkContext ctx, Instance instance, Optional<Cidr> podRange);

  /** Ports, source/dest check, IAM actions and routes the mode needs from the cloud. */
  CloudNeeds cloudNeeds(NetworkContext ctx);

  /** The MTU pods get, from the link MTU and the encapsulation's overhead (facts section 5). */
  int mtu(NetworkContext ctx);

  /** True when the provider enforces networking.k8s.io/v1 NetworkPolicy. */
  boolean enforcesNetworkPolicy();

  /** How pod packets travel between nodes, for the local cloud to build. */
  DataPlane dataPlane(NetworkContext ctx);

  /** The addon that installs the provider on a real cluster, or empty when there is none. */
  Optional<AddonManifest> addon(NetworkContext ctx);
}
