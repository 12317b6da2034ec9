package dev.jkops.model.ipam;

import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.Ipv6Cidr;
import dev.jkops.model.ModelException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The IPv6 ranges of a local cluster, as AWS gives them to kops' IPv6 clusters.
 *
 * <ul>
 *   <li>The VPC's block: AWS gives a VPC an Amazon-provided /56. The local cloud has no Amazon, so
 *       it takes a unique local (RFC 4193) /56 made from the cluster id: {@code fd} then the id's
 *       12 hex digits, so each cluster has its own block and the same cluster always gets the same
 *       one. Nothing routes it anywhere outside the cluster's namespaces.
 *   <li>A subnet's /64: kops' {@code /64#N} is the N-th /64 of the VPC's block (as Terraform's
 *       {@code cidrsubnet}); an explicit {@code ipv6CIDR} is taken as written and must be a /64.
 *   <li>A node's pod prefix: with prefix delegation AWS assigns each node an /80 of its subnet, and
 *       the node's pods take their addresses from it. The first /80 of a subnet holds the router's
 *       and the instances' own addresses; nodes get the lowest free /80 after it and keep it for as
 *       long as they exist.
 * </ul>
 */
public final class Ipv6Prefixes {
  /** The size of the VPC block AWS gives (and the local cloud derives). */
  public static final int VPC_PREFIX = 56;

  /** A subnet's size: AWS subnets are always /64. */
  public static final int SUBNET_PREFIX = 64;

  /** A node's pod prefix: what AWS' prefix delegation assigns an interface. */
  public static final int NODE_PREFIX = 80;

  private Ipv6Prefixes() {}

  /**
   * The local VPC's IPv6 block from the cluster id (12 hex digits): {@code
   * fdII:IIII:IIII:II00::/56}.
   */
  public static Ipv6Cidr localVpcBlock(String clusterId) {
    if (clusterId == null || !clusterId.matches("[0-9a-f]{12}")) {
      throw new IllegalArgumentException("cluster id \"" + clusterId + "\" is not 12 hex digits");
    }
    BigInteger value = new BigInteger("fd" + clusterId, 16).shiftLeft(128 - VPC_PREFIX);
    return Ipv6Cidr.parse(
        new inet.ipaddr.ipv6.IPv6Address(value, VPC_PREFIX).toPrefixBlock().toCompressedString());
  }

  /**
   * Each subnet's /64 by subnet name, in spec order. Subnets without {@code ipv6CIDR} are left out.
   *
   * @throws ModelException naming {@code spec.subnets[i].ipv6CIDR} when a block is not a /64, lies
   *     outside the VPC's block, or is used twice
   */
  public static Map<String, Ipv6Cidr> subnetBlocks(List<ClusterSubnet> subnets, Ipv6Cidr vpc) {
    Map<String, Ipv6Cidr> out = new LinkedHashMap<>();
    for (int i = 0; i < subnets.size(); i++) {
      ClusterSubnet s = subnets.get(i);
      if (s.ipv6CIDR() == null || s.ipv6CIDR().isBlank()) {
        continue;
      }
      String field = "spec.subnets[" + i + "].ipv6CIDR";
      Ipv6Cidr block;
      try {
        block =
            Ipv6Cidr.isRelative(s.ipv6CIDR())
                ? Ipv6Cidr.parseRelative(s.ipv6CIDR()).within(vpc)
                : Ipv6Cidr.parse(s.ipv6CIDR());
      } catch (IllegalArgumentException e) {
        throw new ModelException(field + ": " + s.ipv6CIDR() + ": " + e.getMessage(), e);
      }
      if (block.prefix() != SUBNET_PREFIX) {
        throw new ModelException(
            field
                + ": "
                + s.ipv6CIDR()
                + " is a /"
                + block.prefix()
                + "; subnets are /64, as on AWS");
      }
      for (Map.Entry<String, Ipv6Cidr> other : out.entrySet()) {
        if (other.getValue().overlaps(block)) {
          throw new ModelException(
              field
                  + ": "
                  + block
                  + " is also the IPv6 block of subnet "
                  + other.getKey()
                  + "; give each subnet its own /64 (/64#1, /64#2, ...)");
        }
      }
      out.put(s.name(), block);
    }
    return out;
  }

  /**
   * The {@code n}-th address of the subnet's first /80, as address/64: 1 is the router's, instances
   * take the ones after it.
   */
  public static String hostAddress(Ipv6Cidr subnet, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("host number " + n + " must be at least 1");
    }
    BigInteger value = subnet.block().getValue().add(BigInteger.valueOf(n));
    return new inet.ipaddr.ipv6.IPv6Address(value).toCompressedString() + "/" + SUBNET_PREFIX;
  }

  /**
   * Every node's /80, given each node's subnet block: prefixes already held (of the right size,
   * inside the node's subnet, not held twice) are kept, the prefixes of nodes not listed are
   * released, and new nodes get the lowest free /80 of their subnet after the first. Pure.
   *
   * @throws ModelException when a subnet has no /80 left (65535 nodes)
   */
  public static Map<String, Ipv6Cidr> allocateNodePrefixes(
      Map<String, Ipv6Cidr> current, Map<String, Ipv6Cidr> subnetOfNode) {
    Map<String, Ipv6Cidr> out = new TreeMap<>();
    Map<Ipv6Cidr, TreeSet<BigInteger>> used = new LinkedHashMap<>();
    for (Map.Entry<String, Ipv6Cidr> e : new TreeMap<>(subnetOfNode).entrySet()) {
      Ipv6Cidr held = current.get(e.getKey());
      Ipv6Cidr subnet = e.getValue();
      if (held != null && held.prefix() == NODE_PREFIX && subnet.contains(held)) {
        BigInteger index = indexIn(subnet, held);
        if (index.signum() > 0 && usedIn(used, subnet).add(index)) {
          out.put(e.getKey(), held);
        }
      }
    }
    for (Map.Entry<String, Ipv6Cidr> e : new TreeMap<>(subnetOfNode).entrySet()) {
      if (out.containsKey(e.getKey())) {
        continue;
      }
      Ipv6Cidr subnet = e.getValue();
      TreeSet<BigInteger> taken = usedIn(used, subnet);
      BigInteger index = BigInteger.ONE;
      BigInteger count = BigInteger.ONE.shiftLeft(NODE_PREFIX - subnet.prefix());
      while (taken.contains(index)) {
        index = index.add(BigInteger.ONE);
      }
      if (index.compareTo(count) >= 0) {
        throw new ModelException(
            "subnet " + subnet + " has no /" + NODE_PREFIX + " left for node " + e.getKey());
      }
      taken.add(index);
      out.put(e.getKey(), subnet.subnet(NODE_PREFIX, index));
    }
    return out;
  }

  private static TreeSet<BigInteger> usedIn(Map<Ipv6Cidr, TreeSet<BigInteger>> used, Ipv6Cidr s) {
    return used.computeIfAbsent(s, k -> new TreeSet<>());
  }

  private static BigInteger indexIn(Ipv6Cidr subnet, Ipv6Cidr prefix) {
    return prefix
        .block()
        .getValue()
        .subtract(subnet.block().getValue())
        .shiftRight(128 - NODE_PREFIX);
  }
}
