package dev.jkops.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The subnet layout {@code create cluster --ipv6} writes, as kops' does: every subnet gets the next
 * /64 of the VPC's IPv6 range ({@code /64#0}, {@code /64#1}, ... in hexadecimal, in subnet order);
 * in a private topology the Private subnets are IPv6-only (no IPv4 {@code cidr}) and each has a
 * DualStack twin, {@code dualstack-<name>}, for the control plane.
 *
 * <p>On a cloud that refuses IPv6-only subnets (jkops' local cloud until it builds them), the
 * Private subnets get an IPv4 {@code cidr} as well, from the parts of the network kops' carving
 * left free, so the cluster can be built there and every other subnet keeps kops' block. The cloud
 * is asked through the validator's own rule, so the day it accepts IPv6-only subnets, {@code
 * --ipv6} writes kops' layout there too.
 */
final class Ipv6Layout {
  private Ipv6Layout() {}

  /** Each subnet with the next /64 of the VPC's IPv6 range, kops' {@code /64#N} (N in hex). */
  static List<ClusterSubnet> blocks(List<ClusterSubnet> subnets) {
    List<ClusterSubnet> out = new ArrayList<>();
    for (int i = 0; i < subnets.size(); i++) {
      ClusterSubnet s = subnets.get(i);
      out.add(
          new ClusterSubnet(
              s.name(),
              s.zone(),
              s.cidr(),
              s.type(),
              s.egress(),
              s.id(),
              "/64#" + Integer.toHexString(i),
              s.extra()));
    }
    return out;
  }

  /**
   * The subnets, with an IPv4 cidr added to each IPv6-only one that {@code cloud} would refuse
   * without one (the validator's rule says which).
   */
  static List<ClusterSubnet> ipv4WhereTheCloudNeedsIt(
      String cloud, Cidr network, List<ClusterSubnet> subnets) {
    ClusterSpecBuilder b = new ClusterSpecBuilder();
    b.cloudProvider = cloud;
    b.nonMasqueradeCIDR = Ipv6Rules.IPV6_NON_MASQUERADE_CIDR;
    b.subnets = subnets;
    List<FieldError> errors = new ArrayList<>();
    Ipv6Rules.subnets(b.build(), errors);
    TreeSet<Integer> needIpv4 = new TreeSet<>();
    for (int i = 0; i < subnets.size(); i++) {
      String path = "spec.subnets[" + i + "].cidr";
      if (errors.stream().anyMatch(e -> e.path().equals(path))) {
        needIpv4.add(i);
      }
    }
    return needIpv4.isEmpty() ? subnets : SubnetCarver.assignIpv4Too(network, subnets, needIpv4);
  }

  /** kops: each zone's control plane goes to the DualStack twin of the zone's main subnet. */
  static Map<String, List<String>> dualStackFirst(Map<String, List<String>> zoneSubnets) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    zoneSubnets.forEach(
        (zone, names) -> out.put(zone, List.of(ClusterDefaults.DUAL_STACK_PREFIX + names.get(0))));
    return out;
  }
}
