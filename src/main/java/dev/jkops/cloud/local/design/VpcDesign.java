package dev.jkops.cloud.local.design;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.cloud.local.resources.LocalInstance;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.RouteTable;
import dev.jkops.cloud.local.resources.Subnet;
import dev.jkops.cloud.local.resources.VpcRoute;
import dev.jkops.cloud.local.resources.VpcRouter;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.PodRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The VPC part of a plan: router, one subnet bridge each, route tables as on AWS (one public table
 * for public and utility subnets, one per private zone), instances and their pod routes.
 */
final class VpcDesign {
  static final int PUBLIC_TABLE = 100;

  private VpcDesign() {}

  static List<LocalResource> resources(
      ClusterNames names, NetworkPlan plan, List<ClusterSubnet> subnets, List<PodRoute> routes) {
    List<LocalResource> out = new ArrayList<>();
    out.add(new VpcRouter(names));
    Map<String, Cidr> subnetCidrs = new LinkedHashMap<>();
    for (ClusterSubnet s : subnets) {
      subnetCidrs.put(s.name(), Cidr.parse(s.cidr()));
      out.add(new Subnet(names, s.name(), Cidr.parse(s.cidr()), plan.linkMtu()));
    }
    List<RouteTable> tables = tables(names, subnets, plan.routeQuota().quota());
    out.addAll(tables);
    for (dev.jkops.model.Instance i : plan.instances()) {
      // A range the instance's own subnet covers is on-link already: routing it via the router
      // would
      // replace the connected route and strand the subnet's neighbours (a one-zone cluster's subnet
      // is
      // the whole VPC, and calico's and romana's direct routes then failed: "Nexthop has invalid
      // gateway").
      List<String> viaRouter =
          java.util.stream.Stream.of(plan.networkCIDR(), plan.podCIDR())
              .filter(c -> c != null && !i.subnetCidr().contains(c))
              .map(Cidr::toString)
              .toList();
      out.add(
          new LocalInstance(
              names,
              i.name(),
              i.instanceGroup(),
              i.role().groupPrefix(),
              i.subnet(),
              i.addressWithPrefix(),
              i.subnetCidr().addressString(1),
              viaRouter,
              plan.linkMtu(),
              plan.sourceDestCheck().getOrDefault(i.role(), true),
              secondaryRanges(plan, i)));
    }
    for (RouteTable t : tables) {
      for (PodRoute r : routes) {
        out.add(new VpcRoute(names, t.name(), t.number(), r.destination(), r.instance(), r.via()));
      }
    }
    return out;
  }

  /**
   * A pod range inside the instance's own subnet is held as secondary addresses (amazonvpc's block,
   * the ENI's secondary addresses on AWS); any other pod range is routed, not held.
   */
  static List<String> secondaryRanges(NetworkPlan plan, dev.jkops.model.Instance i) {
    return plan.podRange(i.name())
        .filter(r -> i.subnetCidr().contains(r))
        .map(r -> List.of(r.toString()))
        .orElse(List.of());
  }

  static List<RouteTable> tables(ClusterNames names, List<ClusterSubnet> subnets, int quota) {
    List<String> publicSubnets = new ArrayList<>();
    Map<String, List<String>> privateByZone = new TreeMap<>();
    for (ClusterSubnet s : subnets) {
      if (ClusterSubnet.PRIVATE.equals(s.type())) {
        privateByZone
            .computeIfAbsent(s.zone() == null ? s.name() : s.zone(), z -> new ArrayList<>())
            .add(s.name());
      } else {
        publicSubnets.add(s.name());
      }
    }
    List<RouteTable> out = new ArrayList<>();
    if (!publicSubnets.isEmpty()) {
      out.add(new RouteTable(names, names.clusterName(), PUBLIC_TABLE, publicSubnets, quota));
    }
    int n = PUBLIC_TABLE + 1;
    for (Map.Entry<String, List<String>> e : privateByZone.entrySet()) {
      out.add(
          new RouteTable(
              names,
              "private-" + e.getKey() + "." + names.clusterName(),
              n++,
              e.getValue(),
              quota));
    }
    return out;
  }
}
