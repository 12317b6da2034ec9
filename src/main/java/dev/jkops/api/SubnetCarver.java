package dev.jkops.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Gives every subnet without a CIDR one carved from the network CIDR, as kops (>= 1.28) does: count
 * the Public and Private subnets, plus one when there are Utility subnets; split the network into
 * 1, 2, 4 or 8 equal parts to hold that many; when there are Utility subnets the first part is
 * split into eight smaller blocks and they take those. Parts that overlap a subnet the user already
 * placed are skipped. Subnets are served in zone order, so the result does not depend on the order
 * they were listed in. A subnet the user placed outside the network (in one of
 * additionalNetworkCIDRs) takes nothing from it, so kops leaves it out of the count: three zones
 * with a fourth subnet in {@code 10.1.0.0/16} split {@code 10.0.0.0/16} into quarters, not eighths.
 *
 * <p>One public zone gets the whole {@code 172.20.0.0/16}; one private zone gets {@code
 * 172.20.128.0/17} with its utility subnet at {@code 172.20.0.0/20}. (Before kops 1.28 the split
 * was always into eight /19s with the first kept for utility subnets.)
 */
public final class SubnetCarver {
  private SubnetCarver() {}

  /** The subnets, in their original order, each with a CIDR; throws when they do not fit. */
  public static List<ClusterSubnet> assign(Cidr network, List<ClusterSubnet> subnets) {
    if (subnets.stream()
        .allMatch(s -> s.cidr() != null || s.id() != null || s.isIpv6OnlyPrivate())) {
      return subnets;
    }
    List<Integer> big = new ArrayList<>();
    List<Integer> little = new ArrayList<>();
    List<Cidr> reserved = new ArrayList<>();
    for (int i = 0; i < subnets.size(); i++) {
      ClusterSubnet s = subnets.get(i);
      Cidr placed = placedCidr(s);
      if (placed != null && !network.contains(placed.network())) {
        // It lives in one of additionalNetworkCIDRs: it takes no part of this network, so it
        // neither counts towards the split nor blocks a part.
        continue;
      }
      if (ClusterSubnet.PUBLIC.equals(s.type())
          || ClusterSubnet.PRIVATE.equals(s.type())
          || ClusterSubnet.DUAL_STACK.equals(s.type())) {
        big.add(i);
      } else if (ClusterSubnet.UTILITY.equals(s.type())) {
        little.add(i);
      } else if (s.cidr() == null && s.id() == null) {
        throw new ApiException(
            "subnet \""
                + s.name()
                + "\" has type \""
                + s.type()
                + "\" and no cidr; set its type"
                + " to Public, Private or Utility so that a CIDR can be carved for it");
      }
      if (placed != null) {
        reserved.add(placed);
      }
    }
    int count = big.size() + (little.isEmpty() ? 0 : 1);
    int bits = count <= 1 ? 0 : count <= 2 ? 1 : count <= 4 ? 2 : 3;
    if (network.prefix() + bits + (little.isEmpty() ? 0 : 3) > 32) {
      throw new ApiException(
          "networkCIDR "
              + network
              + " is too small to carve "
              + count
              + " subnets; use a larger"
              + " networkCIDR (kops uses a /16) or set each subnet's cidr");
    }
    List<Cidr> parts = new ArrayList<>(network.split(bits));
    parts.removeIf(p -> reserved.stream().anyMatch(p::overlaps));
    List<Cidr> littleParts = new ArrayList<>();
    if (!little.isEmpty()) {
      if (parts.isEmpty()) {
        throw new ApiException(
            "networkCIDR "
                + network
                + " has no free block left for the utility subnets;"
                + " set their cidr explicitly");
      }
      littleParts.addAll(parts.remove(0).split(3));
    }
    ClusterSubnet[] out = subnets.toArray(new ClusterSubnet[0]);
    serve(out, big, parts, "", network);
    serve(out, little, littleParts, "utility ", network);
    return List.of(out);
  }

  private static Cidr placedCidr(ClusterSubnet s) {
    if (s.cidr() == null) {
      return null;
    }
    try {
      return Cidr.parse(s.cidr());
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          "subnet \"" + s.name() + "\" has cidr \"" + s.cidr() + "\": " + e.getMessage(), e);
    }
  }

  private static void serve(
      ClusterSubnet[] out, List<Integer> indices, List<Cidr> free, String kind, Cidr network) {
    List<Integer> byZone = new ArrayList<>(indices);
    byZone.sort(Comparator.comparing(i -> out[i].zone() == null ? "" : out[i].zone()));
    for (int i : byZone) {
      ClusterSubnet s = out[i];
      if (s.cidr() != null || s.id() != null || s.isIpv6OnlyPrivate()) {
        // An existing subnet (id) has the CIDR the cloud gave it; jkops does not invent one. An
        // IPv6-only private subnet has no IPv4 range at all (kops carves none for it).
        continue;
      }
      if (free.isEmpty()) {
        throw new ApiException(
            "networkCIDR "
                + network
                + " has no "
                + kind
                + "block left for subnet \""
                + s.name()
                + "\" (kops carves at most 8 parts); use fewer zones, a larger networkCIDR, or set the subnet's cidr");
      }
      out[i] = s.withCidr(free.remove(0).toString());
    }
  }

  /**
   * Gives the subnets at {@code indices} (IPv6-only ones, which {@link #assign} skips) an IPv4 CIDR
   * as well: the parts {@link #assign} cut from the network and left free, in zone order, so every
   * other subnet keeps the block kops gives it. For a cloud that cannot build an IPv6-only subnet
   * yet (jkops' local cloud).
   */
  public static List<ClusterSubnet> assignIpv4Too(
      Cidr network, List<ClusterSubnet> subnets, Set<Integer> indices) {
    int big = 0;
    boolean utility = false;
    boolean utilityPlaced = false;
    List<Cidr> reserved = new ArrayList<>();
    for (ClusterSubnet s : subnets) {
      Cidr placed = placedCidr(s);
      if (placed != null && !network.contains(placed.network())) {
        continue;
      }
      if (ClusterSubnet.UTILITY.equals(s.type())) {
        utility = true;
        utilityPlaced |= placed != null;
      } else if (ClusterSubnet.PUBLIC.equals(s.type())
          || ClusterSubnet.PRIVATE.equals(s.type())
          || ClusterSubnet.DUAL_STACK.equals(s.type())) {
        big++;
      }
      if (placed != null) {
        reserved.add(placed);
      }
    }
    int count = big + (utility ? 1 : 0);
    int bits = count <= 1 ? 0 : count <= 2 ? 1 : count <= 4 ? 2 : 3;
    List<Cidr> free = new ArrayList<>(network.split(bits));
    free.removeIf(p -> reserved.stream().anyMatch(p::overlaps));
    if (utility && !utilityPlaced && !free.isEmpty()) {
      free.remove(0); // the utility subnets' part, as assign keeps it, though none took a block
    }
    ClusterSubnet[] out = subnets.toArray(new ClusterSubnet[0]);
    List<Integer> byZone = new ArrayList<>(indices);
    byZone.sort(Comparator.comparing(i -> out[i].zone() == null ? "" : out[i].zone()));
    for (int i : byZone) {
      if (free.isEmpty()) {
        throw new ApiException(
            "networkCIDR "
                + network
                + " has no block left for an IPv4 range of subnet \""
                + out[i].name()
                + "\" (kops carves at most 8 parts); use fewer zones, a larger networkCIDR, or set"
                + " the subnet's cidr");
      }
      out[i] = out[i].withCidr(free.remove(0).toString());
    }
    return List.of(out);
  }
}
