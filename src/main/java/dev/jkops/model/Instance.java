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
 */
public record Instance(
    String name,
    String instanceGroup,
    Role role,
    String subnet,
    String zone,
    String privateAddress,
    Cidr subnetCidr) {

  /** The address with the subnet's prefix length, as {@code ip addr add} takes it. */
  public String addressWithPrefix() {
    return privateAddress + "/" + subnetCidr.prefix();
  }
}
