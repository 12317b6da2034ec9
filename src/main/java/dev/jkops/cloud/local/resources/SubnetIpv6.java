package dev.jkops.cloud.local.resources;

import dev.jkops.api.Ipv6Cidr;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.ipam.Ipv6Prefixes;
import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;

/**
 * A subnet's IPv6 block (an IPv6 cluster): the VPC router holds the block's first address on the
 * subnet's bridge, as AWS' router answers at a subnet's {@code ::1}, with IPv6 forwarding on in the
 * router namespace and router advertisements off (an RA would be a default route).
 *
 * @param block the subnet's /64
 */
public record SubnetIpv6(ClusterNames names, String subnet, Ipv6Cidr block)
    implements LocalResource {
  public static final String KIND = "SubnetIpv6";

  public static ResourceId idOf(ClusterNames names, String subnet) {
    return new ResourceId(KIND, subnet + "." + names.clusterName());
  }

  /** The router's address with the /64, e.g. {@code fd01:2345:6789:ab01::1/64}. */
  public String routerAddress() {
    return Ipv6Prefixes.hostAddress(block, 1);
  }

  /** The router's address without the prefix length: each instance's next hop. */
  public String routerIp() {
    String a = routerAddress();
    return a.substring(0, a.indexOf('/'));
  }

  public String bridge() {
    return Subnet.bridgeOf(subnet);
  }

  @Override
  public ResourceId id() {
    return idOf(names, subnet);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of(Subnet.idOf(names, subnet));
  }

  @Override
  public SortedMap<String, String> attributes() {
    return Attributes.of("block", block, "bridge", bridge(), "router", routerAddress());
  }
}
