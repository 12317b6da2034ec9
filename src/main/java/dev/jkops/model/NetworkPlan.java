package dev.jkops.model;

import dev.jkops.api.Cidr;
import dev.jkops.api.KubernetesVersion;
import dev.jkops.model.ipam.IpamState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the network needs for one cluster, the same for both clouds. Made by {@link
 * NetworkPlanner#plan}; read by the local cloud, the AWS cloud and {@code get networking}.
 *
 * @param clusterName the cluster
 * @param mode the networking mode, e.g. {@code kubenet} or {@code flannel-udp}
 * @param kubernetesVersion the version the node configs were made for
 * @param networkCIDR the VPC's CIDR
 * @param nonMasqueradeCIDR traffic to this range keeps its pod source address
 * @param podCIDR the cluster's pod range (kube-controller-manager clusterCIDR)
 * @param serviceClusterIPRange the service range
 * @param nodeCIDRMaskSize the prefix length of each node's pod range
 * @param instances the instances, in layout order
 * @param ipam instance -> pod range, for masters and nodes (persist it)
 * @param routes the pod routes the cluster's route table must hold
 * @param routeQuota the route table's quota and its use (zero routes for CNI modes)
 * @param firewallRules every security group rule, kops' names via {@link FirewallRule#name}
 * @param linkMtu the instances' link MTU
 * @param mtu the pods' MTU
 * @param sourceDestCheck per role: true when the cloud keeps the source/dest check on
 * @param iamActions IAM actions the provider needs on the instances
 * @param controlPlane kube-controller-manager and kube-proxy settings
 * @param nodeConfigs one per instance, in layout order
 * @param addons the networking addon (none for kubenet, classic, cni, external)
 * @param enforcesNetworkPolicy true when NetworkPolicy has effect
 * @param dataPlane how pod packets travel between nodes
 * @param warnings things the user should read that do not stop the plan
 */
public record NetworkPlan(
    String clusterName,
    String mode,
    KubernetesVersion kubernetesVersion,
    Cidr networkCIDR,
    Cidr nonMasqueradeCIDR,
    Cidr podCIDR,
    Cidr serviceClusterIPRange,
    int nodeCIDRMaskSize,
    List<Instance> instances,
    IpamState ipam,
    List<PodRoute> routes,
    RouteQuota routeQuota,
    List<FirewallRule> firewallRules,
    int linkMtu,
    int mtu,
    Map<Role, Boolean> sourceDestCheck,
    List<String> iamActions,
    ControlPlaneNetworkConfig controlPlane,
    List<NodeNetworkConfig> nodeConfigs,
    List<AddonManifest> addons,
    boolean enforcesNetworkPolicy,
    DataPlane dataPlane,
    List<String> warnings) {

  public NetworkPlan {
    instances = List.copyOf(instances);
    routes = List.copyOf(routes);
    firewallRules = List.copyOf(firewallRules);
    sourceDestCheck = Map.copyOf(sourceDestCheck);
    iamActions = List.copyOf(iamActions);
    nodeConfigs = List.copyOf(nodeConfigs);
    addons = List.copyOf(addons);
    warnings = List.copyOf(warnings);
  }

  /** The node configuration of one instance. */
  public Optional<NodeNetworkConfig> nodeConfig(String instance) {
    return nodeConfigs.stream().filter(n -> n.instance().equals(instance)).findFirst();
  }

  /** The pod range of one instance (empty for bastions and unknown names). */
  public Optional<Cidr> podRange(String instance) {
    return Optional.ofNullable(ipam.podRanges().get(instance));
  }
}
