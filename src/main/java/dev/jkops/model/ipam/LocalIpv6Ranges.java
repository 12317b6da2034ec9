package dev.jkops.model.ipam;

import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.Ipv6Cidr;
import dev.jkops.model.ModelException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The IPv6 ranges of a local cluster planned through its IPAM state: the VPC's /56 from the cluster
 * id, each subnet's /64, and each instance's /80 (kept across runs in {@link
 * IpamState#ipv6NodePrefixes()}, as IPv4 pod ranges are in {@link IpamState#podRanges()}). Pure:
 * the caller saves {@link #ipam()}.
 *
 * @param vpc the VPC's unique local /56
 * @param subnets each subnet's /64 by subnet name, in spec order (subnets without one left out)
 * @param nodePrefixes each instance's /80 by instance name
 * @param ipam {@code current} with its IPv6 node prefixes replaced by {@link #nodePrefixes}
 */
public record LocalIpv6Ranges(
    Ipv6Cidr vpc,
    Map<String, Ipv6Cidr> subnets,
    Map<String, Ipv6Cidr> nodePrefixes,
    IpamState ipam) {

  public LocalIpv6Ranges {
    subnets = Collections.unmodifiableMap(new LinkedHashMap<>(subnets));
    nodePrefixes = Collections.unmodifiableMap(new TreeMap<>(nodePrefixes));
  }

  /**
   * Plans the ranges.
   *
   * @param clusterId the cluster's 12 hex digits (the local VPC block is made from them)
   * @param subnetOfInstance each instance's subnet name
   * @param current the stored state: instances keep the /80 they hold, instances gone release
   *     theirs
   * @throws ModelException naming {@code spec.subnets[i].ipv6CIDR} when a subnet's block is wrong,
   *     or when an instance's subnet has no IPv6 block
   */
  public static LocalIpv6Ranges plan(
      String clusterId,
      List<ClusterSubnet> subnets,
      Map<String, String> subnetOfInstance,
      IpamState current) {
    return plan(Ipv6Prefixes.localVpcBlock(clusterId), subnets, subnetOfInstance, current);
  }

  /** As {@link #plan(String, List, Map, IpamState)}, in the VPC block {@code vpc}. */
  public static LocalIpv6Ranges plan(
      Ipv6Cidr vpc,
      List<ClusterSubnet> subnets,
      Map<String, String> subnetOfInstance,
      IpamState current) {
    Map<String, Ipv6Cidr> blocks = Ipv6Prefixes.subnetBlocks(subnets, vpc);
    Map<String, Ipv6Cidr> subnetBlockOfInstance = new TreeMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(subnetOfInstance).entrySet()) {
      Ipv6Cidr block = blocks.get(e.getValue());
      if (block == null) {
        throw new ModelException(missingBlock(subnets, e.getValue(), e.getKey()));
      }
      subnetBlockOfInstance.put(e.getKey(), block);
    }
    Map<String, Ipv6Cidr> prefixes =
        Ipv6Prefixes.allocateNodePrefixes(current.ipv6NodePrefixes(), subnetBlockOfInstance);
    return new LocalIpv6Ranges(vpc, blocks, prefixes, current.withIpv6NodePrefixes(prefixes));
  }

  private static String missingBlock(List<ClusterSubnet> subnets, String subnet, String instance) {
    for (int i = 0; i < subnets.size(); i++) {
      if (subnets.get(i).name().equals(subnet)) {
        return "spec.subnets["
            + i
            + "].ipv6CIDR: subnet "
            + subnet
            + " holds instance "
            + instance
            + " of an IPv6 cluster but has no IPv6 block; give it one (/64#1, /64#2, ...)";
      }
    }
    return "instance "
        + instance
        + " is in subnet "
        + subnet
        + ", which spec.subnets does not list";
  }
}
