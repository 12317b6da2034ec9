package dev.jkops.cloud.local.design;

import dev.jkops.api.ClusterSubnet;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.NetworkPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the model's {@link NetworkPlan} into the local cloud's desired resources: the VPC, the
 * instances and their security groups, and each node's data plane. All networking decisions are the
 * model's; this only says how the local cloud realises them. While a switch is rolled out, {@link
 * TransitionDesign} keeps each node on the configuration it runs.
 */
public final class LocalDesign {
  /** The desired resources and what the user should know about how they realise the plan. */
  public record Result(List<LocalResource> resources, List<String> notes) {}

  private LocalDesign() {}

  public static Result of(ClusterNames names, NetworkPlan plan, List<ClusterSubnet> subnets) {
    DataPlaneDesign.Result dp = DataPlaneDesign.design(names, plan);
    List<LocalResource> out =
        new ArrayList<>(VpcDesign.resources(names, plan, subnets, dp.vpcRoutes()));
    out.addAll(FirewallDesign.resources(names, plan));
    if (Ipv6Design.applies(plan)) {
      // an IPv6 cluster's pods are routed by the VPC, whatever the provider: no node data plane
      out.addAll(Ipv6Design.resources(names, plan, subnets));
      out.addAll(SourceDestCheckDesign.ipv6(names, plan));
      return new Result(List.copyOf(out), List.of());
    }
    out.addAll(NodeDesign.resources(names, plan));
    out.addAll(dp.resources());
    return new Result(List.copyOf(out), dp.notes());
  }

  /**
   * As {@link #of(ClusterNames, NetworkPlan, List)}, with each instance on the configuration it
   * runs.
   */
  public static Result of(
      ClusterNames names, NodeGenerations generations, List<ClusterSubnet> subnets) {
    return generations.mixed()
        ? TransitionDesign.of(names, generations, subnets)
        : of(names, generations.current(), subnets);
  }
}
