package dev.jkops.model;

import dev.jkops.api.Cidr;

/**
 * One machine of the cluster as both clouds see it: the local cloud makes a namespace with this
 * name and address; AWS makes the instance through its autoscaling group and ignores the address.
 *
 * @param name stable name, {@code <instanceGroup>-<n>} counting from 1
 * @param instanceGroup the instance group it belongs to
 * @param role control plane, node or bastion
 * @param subnet the name of its subnet (spec.subnets[].name)
 * @param zone that subnet's zone
 * @param privateAddress its address inside the subnet's CIDR
 * @param subnetCidr the subnet's CIDR, for the prefix length of the address; null for an instance
 *     of an IPv6 cluster's IPv6-only subnet, whose address is IPv6
 * @param ipv6Address its IPv6 address with the subnet's /64 ({@code fd..::4/64}) in a local IPv6
 *     cluster, whose plan knows the VPC's block; null otherwise (IPv4 clusters, and AWS, where the
 *     address is assigned when the instance starts)
 */
public record Instance(
    String name,
    String instanceGroup,
    Role role,
    String subnet,
    String zone,
    String privateAddress,
    Cidr subnetCidr,
    String ipv6Address) {

  /** An instance with no IPv6 address the plan knows. */
  public Instance(
      String name,
      String instanceGroup,
      Role role,
      String subnet,
      String zone,
      String privateAddress,
      Cidr subnetCidr) {
    this(name, instanceGroup, role, subnet, zone, privateAddress, subnetCidr, null);
  }

  /** Its IPv6 address without the prefix length, or null. */
  public String ipv6Ip() {
    return ipv6Address == null ? null : ipv6Address.substring(0, ipv6Address.indexOf('/'));
  }

  /**
   * The address with the subnet's prefix length, as {@code ip addr add} takes it: for an instance
   * of an IPv6-only subnet (no {@code subnetCidr}), its IPv6 address with the /64.
   */
  public String addressWithPrefix() {
    if (subnetCidr == null) {
      if (ipv6Address == null) {
        throw new IllegalStateException(
            "instance " + name + " has neither an IPv4 subnet nor an IPv6 address");
      }
      return ipv6Address;
    }
    return privateAddress + "/" + subnetCidr.prefix();
  }

  /** True for an instance of an IPv6-only subnet: it has no IPv4 address. */
  public boolean isIpv6Only() {
    return subnetCidr == null;
  }
}
