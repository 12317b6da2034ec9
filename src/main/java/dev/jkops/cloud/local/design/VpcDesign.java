package dev.jkops.cloud.local.design;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.Ipv6Cidr;
import dev.jkops.cloud.local.resources.LocalInstance;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.RouteTable;
import dev.jkops.cloud.local.resources.Subnet;
import dev.jkops.cloud.local.resources.VpcRoute;
import dev.jkops.cloud.local.resources.VpcRouter;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.PodRoute;
import dev.jkops.model.ipam.Ipv6Prefixes;
import java.util.ArrayList;
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
    // an IPv6-only subnet's block, and what its instances route, come from the VPC's IPv6 block
    Map<String, Ipv6Cidr> ipv6Blocks =
        subnets.stream().anyMatch(s -> s.cidr() == null)
            ? Ipv6Prefixes.subnetBlocks(subnets, Ipv6Prefixes.localVpcBlock(names.id()))
            : Map.of();
    for (ClusterSubnet s : subnets) {
      if (s.cidr() == null) {
        Ipv6Cidr block = ipv6Blocks.get(s.name());
        if (block == null) {
          continue; // refused before planning: a subnet needs a cidr or an ipv6CIDR
        }
        out.add(Subnet.ipv6Only(names, s.name(), block, plan.linkMtu()));
      } else {
        out.add(new Subnet(names, s.name(), Cidr.parse(s.cidr()), plan.linkMtu()));
      }
    }
    List<RouteTable> tables = tables(names, subnets, plan.routeQuota().quota());
    out.addAll(tables);
    List<String> ipv6Ranges =
        ipv6Blocks.isEmpty() ? List.of() : Ipv6Design.vpcRanges(names, subnets);
    for (dev.jkops.model.Instance i : plan.instances()) {
      if (i.isIpv6Only()) {
        out.add(ipv6OnlyInstance(names, plan, ipv6Ranges, ipv6Blocks.get(i.subnet()), i));
        continue;
      }
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
   * An instance of an IPv6-only subnet: its IPv6 address is its only one, and it routes the VPC's
   * IPv6 ranges (the /56 and any subnet block outside it; its own /64 is on-link) through the
   * subnet's {@code ::1}. The IPv4 VPC and pod ranges are not routed: it could not send to them.
   */
  private static LocalInstance ipv6OnlyInstance(
      ClusterNames names,
      NetworkPlan plan,
      List<String> ipv6Ranges,
      Ipv6Cidr block,
      dev.jkops.model.Instance i) {
    if (block == null || i.ipv6Address() == null) {
      throw new LocalCloudException(
          "instance "
              + i.name()
              + " is in subnet "
              + i.subnet()
              + ", which has no IPv4 cidr and no IPv6 block on the local cloud; give the subnet"
              + " an ipv6CIDR (/64#1, ...) in an IPv6 cluster (nonMasqueradeCIDR: ::/0), or a"
              + " cidr");
    }
    String router = Ipv6Prefixes.hostAddress(block, 1);
    // held in the subnet's first /80 and the whole /64 routed via the router, as a dual-stack
    // instance's IPv6 address ({@link Ipv6Design}): the other nodes' /80s are in the same /64, and
    // on-link no one would answer neighbour discovery for their pods
    List<String> routed = ipv6Ranges;
    return new LocalInstance(
        names,
        i.name(),
        i.instanceGroup(),
        i.role().groupPrefix(),
        i.subnet(),
        i.ipv6Ip() + "/" + Ipv6Prefixes.NODE_PREFIX,
        router.substring(0, router.indexOf('/')),
        routed,
        plan.linkMtu(),
        plan.sourceDestCheck().getOrDefault(i.role(), true));
  }

  /**
   * A pod range inside the instance's own subnet is held as secondary addresses (amazonvpc's block,
   * the ENI's secondary addresses on AWS); any other pod range is routed, not held.
   */
  static List<String> secondaryRanges(NetworkPlan plan, dev.jkops.model.Instance i) {
    if (i.isIpv6Only()) {
      return List.of(); // no IPv4 subnet to hold a block of
    }
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
