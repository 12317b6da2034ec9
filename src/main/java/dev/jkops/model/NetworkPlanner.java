package dev.jkops.model;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.FieldError;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.model.ipam.LocalIpv6Ranges;
import dev.jkops.model.ipam.PodRangeAllocator;
import dev.jkops.model.ipam.SubnetPodBlocks;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the {@link NetworkPlan} of a cluster. Pure and deterministic: the same bundle, pod range
 * state and cloud facts always give an equal plan, and nothing is read or written elsewhere. The
 * caller persists {@link NetworkPlan#ipam()} (see {@link dev.jkops.model.ipam.IpamStore}).
 */
public final class NetworkPlanner {
  private NetworkPlanner() {}

  /** The plan on the cloud the spec names, before anything exists there. */
  public static NetworkPlan plan(ClusterBundle completed, IpamState current) {
    return plan(
        completed, current, CloudFacts.forCloud(completed.cluster().spec().cloudProvider()));
  }

  /**
   * The plan for a completed bundle, given the pod ranges handed out so far and what the cloud says
   * about itself.
   *
   * @throws InvalidNetworkingException when the networking mode cannot work for this cluster
   * @throws ModelException when the pod CIDR is full, the route quota too small, or the route table
   *     belongs to another cluster
   */
  public static NetworkPlan plan(ClusterBundle completed, IpamState current, CloudFacts facts) {
    NetworkProvider provider = NetworkProviders.forSpec(completed.cluster().spec().networking());
    List<FieldError> errors = provider.validate(completed);
    if (!errors.isEmpty()) {
      throw new InvalidNetworkingException(completed.name(), provider.mode(), errors);
    }
    NetworkContext ctx = NetworkContext.of(completed, facts);
    List<String> warnings = new ArrayList<>(provider.warnings(ctx));
    RouteTablePolicy.checkOwner(ctx.clusterName(), facts);

    List<Instance> k8sNodes = InstanceLayout.kubernetesNodes(ctx.instances());
    // An IPv6 cluster's node prefixes: on AWS delegated by the VPC when each node starts (none
    // here); on the local cloud each node's /80 of its subnet, kept across runs in the state.
    IpamState ipam =
        ctx.isIpv6()
            ? facts
                .ipv6VpcBlock()
                .map(
                    vpc ->
                        LocalIpv6Ranges.plan(
                                vpc,
                                ctx.spec().subnetsOrEmpty(),
                                subnetOfInstance(k8sNodes),
                                current)
                            .ipam())
                .orElse(IpamState.empty())
            : provider.podsTakeSubnetAddresses(ctx)
                ? SubnetPodBlocks.allocate(ctx.instances(), k8sNodes)
                : new PodRangeAllocator(ctx.podCIDR(), ctx.nodeCIDRMaskSize())
                    .allocate(current, k8sNodes.stream().map(Instance::name).toList());

    CloudNeeds needs = provider.cloudNeeds(ctx);
    int quota = RouteTablePolicy.quota(completed);
    List<PodRoute> routes = new ArrayList<>();
    RouteQuota routeQuota;
    if (needs.needsVpcRoutes()) {
      for (Instance node : k8sNodes) {
        routes.add(
            new PodRoute(ipam.podRanges().get(node.name()), node.name(), node.privateAddress()));
      }
      routeQuota =
          RouteTablePolicy.check(
              ctx.clusterName(),
              provider.mode(),
              quota,
              facts.existingRoutes(),
              routes.size(),
              RouteTablePolicy.routesAtMaxSize(completed));
      RouteTablePolicy.quotaWarning(quota).ifPresent(warnings::add);
    } else {
      routeQuota = new RouteQuota(quota, facts.existingRoutes(), 0, 0);
    }

    Map<Role, Boolean> srcDst = new EnumMap<>(Role.class);
    srcDst.put(Role.CONTROL_PLANE, !needs.sourceDestCheckOff());
    srcDst.put(Role.NODE, !needs.sourceDestCheckOff());
    srcDst.put(Role.BASTION, true);

    List<NodeNetworkConfig> nodeConfigs = new ArrayList<>();
    for (Instance instance : ctx.instances()) {
      Optional<Cidr> range = Optional.ofNullable(ipam.podRanges().get(instance.name()));
      nodeConfigs.add(provider.nodeConfig(ctx, instance, range));
    }

    return new NetworkPlan(
        ctx.clusterName(),
        provider.mode(),
        ctx.kubernetesVersion(),
        ctx.networkCIDR(),
        ctx.nonMasqueradeCIDR(),
        ctx.podCIDR(),
        ctx.serviceClusterIPRange(),
        ctx.nodeCIDRMaskSize(),
        ctx.instances(),
        ipam,
        routes,
        routeQuota,
        FirewallModel.rules(ctx, needs.ports()),
        facts.linkMtu(),
        provider.mtu(ctx),
        srcDst,
        needs.iamActions(),
        provider.controlPlane(ctx),
        nodeConfigs,
        provider.addon(ctx).stream().toList(),
        provider.enforcesNetworkPolicy(),
        provider.dataPlane(ctx),
        warnings);
  }

  /** Each instance's subnet name, by instance name. */
  public static Map<String, String> subnetOfInstance(List<Instance> instances) {
    Map<String, String> out = new java.util.TreeMap<>();
    instances.forEach(i -> out.put(i.name(), i.subnet()));
    return out;
  }
}
