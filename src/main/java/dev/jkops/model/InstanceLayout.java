package dev.jkops.model;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.InstanceGroup;
import dev.jkops.api.Ipv6Cidr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lays out the cluster's instances from its instance groups, the same way every time.
 *
 * <p>Each group gets {@code minSize} instances named {@code <group>-<n>} (n from 1), spread over
 * the group's subnets in turn. Addresses come from each subnet's host range after the first four,
 * which AWS reserves (network, router, DNS, future use). Within a subnet each group owns a block of
 * {@code maxSize} addresses, groups ordered masters, nodes, bastions, then by name: so scaling a
 * group between its min and max never moves another instance's address.
 */
public final class InstanceLayout {
  /** AWS reserves the first four addresses of every subnet; jkops does the same everywhere. */
  public static final int RESERVED_AT_START = 4;

  private InstanceLayout() {}

  /** The instances of the bundle, masters first, then nodes, then bastions, each by name. */
  public static List<Instance> of(ClusterBundle bundle) {
    return of(bundle, java.util.Optional.empty());
  }

  /**
   * As {@link #of(ClusterBundle)}; with the VPC's IPv6 block (a local IPv6 cluster), each instance
   * of a subnet with an IPv6 block also gets the address of that /64 with the same host number as
   * its IPv4 one (an IPv6-only subnet's instances only that one), inside the subnet's first /80,
   * which no node's pod prefix takes.
   */
  public static List<Instance> of(ClusterBundle bundle, Optional<Ipv6Cidr> ipv6Vpc) {
    Map<String, Ipv6Cidr> ipv6Blocks =
        ipv6Vpc
            .map(
                v ->
                    dev.jkops.model.ipam.Ipv6Prefixes.subnetBlocks(
                        bundle.cluster().spec().subnetsOrEmpty(), v))
            .orElse(Map.of());
    Map<String, ClusterSubnet> subnets = new HashMap<>();
    for (ClusterSubnet s : bundle.cluster().spec().subnetsOrEmpty()) {
      subnets.put(s.name(), s);
    }
    Map<String, Long> nextBlock = new HashMap<>();
    Map<String, Cidr> parsed =
        new HashMap<>(); // a subnet's CIDR parsed once, not once per instance
    List<Instance> out = new ArrayList<>();
    for (InstanceGroup ig : ordered(bundle.instanceGroups())) {
      List<String> names = ig.spec().subnetsOrEmpty();
      if (names.isEmpty()) {
        throw new ModelException(
            "instance group "
                + ig.name()
                + " has no subnets; set spec.subnets to"
                + " one of the cluster's subnets: "
                + subnets.keySet());
      }
      Map<String, Long> base = new HashMap<>();
      for (String name : names) {
        base.put(name, nextBlock.getOrDefault(name, (long) RESERVED_AT_START));
        nextBlock.put(name, base.get(name) + ig.spec().maxSizeOrDefault());
      }
      Map<String, Integer> used = new HashMap<>();
      for (int i = 0; i < ig.spec().minSizeOrDefault(); i++) {
        String subnetName = names.get(i % names.size());
        ClusterSubnet subnet = subnets.get(subnetName);
        if (subnet == null) {
          throw new ModelException(
              "instance group "
                  + ig.name()
                  + " names subnet \""
                  + subnetName
                  + "\", which is not in the cluster's spec.subnets "
                  + subnets.keySet());
        }
        int n = used.merge(subnetName, 1, Integer::sum) - 1;
        Ipv6Cidr ipv6Block = ipv6Blocks.get(subnetName);
        String ipv6 =
            ipv6Block == null
                ? null
                : dev.jkops.model.ipam.Ipv6Prefixes.hostAddress(
                    ipv6Block, (int) (base.get(subnetName) + n));
        if (subnet.cidr() == null && ipv6 != null) {
          out.add(
              new Instance(
                  ig.name() + "-" + (i + 1),
                  ig.name(),
                  Role.of(ig.spec()),
                  subnetName,
                  subnet.zone(),
                  ipv6.substring(0, ipv6.indexOf('/')),
                  null,
                  ipv6));
          continue;
        }
        if (subnet.cidr() == null && subnet.ipv6CIDR() != null) {
          out.add(ipv6Only(ig, i, subnet, base.get(subnetName) + n));
          continue;
        }
        Cidr cidr = parsed.computeIfAbsent(subnetName, k -> Cidr.parse(subnet.cidr()));
        long index = base.get(subnetName) + n;
        if (index >= cidr.size() - 1) {
          throw new ModelException(
              "subnet "
                  + subnetName
                  + " ("
                  + cidr
                  + ") has no room for instance "
                  + (i + 1)
                  + " of group "
                  + ig.name()
                  + "; use a larger subnet or fewer instances");
        }
        out.add(
            new Instance(
                ig.name() + "-" + (i + 1),
                ig.name(),
                Role.of(ig.spec()),
                subnetName,
                subnet.zone(),
                cidr.addressString(index),
                cidr,
                ipv6));
      }
    }
    return List.copyOf(out);
  }

  /**
   * An instance of an IPv6 cluster's IPv6-only subnet (AWS): it has no IPv4 address and no IPv4
   * subnet range; its address is the index-th of the subnet's IPv6 block, or, for kops' relative
   * {@code /64#N} block, whatever AWS assigns in that block of the VPC's range.
   */
  private static Instance ipv6Only(InstanceGroup ig, int i, ClusterSubnet subnet, long index) {
    String address;
    if (Ipv6Cidr.isRelative(subnet.ipv6CIDR())) {
      address = "an address of " + subnet.ipv6CIDR();
    } else {
      String host =
          Ipv6Cidr.parse(subnet.ipv6CIDR()).subnet(128, BigInteger.valueOf(index)).toString();
      address = host.substring(0, host.indexOf('/'));
    }
    return new Instance(
        ig.name() + "-" + (i + 1),
        ig.name(),
        Role.of(ig.spec()),
        subnet.name(),
        subnet.zone(),
        address,
        null);
  }

  /** Instances that register as Kubernetes nodes (masters and nodes): they get pod ranges. */
  public static List<Instance> kubernetesNodes(List<Instance> instances) {
    return instances.stream().filter(i -> i.role().isKubernetesNode()).toList();
  }

  public static Optional<Instance> named(List<Instance> instances, String name) {
    return instances.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  /** By role (masters, nodes, bastions), then by name. */
  static List<InstanceGroup> ordered(List<InstanceGroup> groups) {
    List<InstanceGroup> out = new ArrayList<>(groups);
    // a lambda of this class rather than Comparator.comparing(...).thenComparing(...): JDK 17's
    // class-data archive holds no lambda a JDK interface makes, so those two were generated on
    // every start of get networking and update
    out.sort(
        (a, b) -> {
          int byRole = Integer.compare(Role.of(a.spec()).ordinal(), Role.of(b.spec()).ordinal());
          return byRole != 0 ? byRole : a.name().compareTo(b.name());
        });
    return List.copyOf(out);
  }
}
