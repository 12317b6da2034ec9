package dev.jkops.cloud.local.resources;

import dev.jkops.api.Cidr;
import dev.jkops.api.Ipv6Cidr;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.ipam.Ipv6Prefixes;
import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;

/**
 * A subnet: one bridge in the VPC namespace, holding the VPC router's address (the subnet's first
 * host, as on AWS). Instances of the subnet plug their veth into it.
 *
 * <p>Its block is its IPv4 CIDR, or, for an IPv6-only subnet of an IPv6 cluster (kops' Private
 * subnets with only an {@code ipv6CIDR}), its IPv6 /64: the bridge then holds the router's {@code
 * ::1} and no IPv4 address at all, and IPv6 is turned on in the VPC namespace before it is made. A
 * dual-stack subnet's IPv6 side is {@link SubnetIpv6}.
 *
 * @param cidr the subnet's block as the kernel prints it: {@code 172.20.32.0/19}, or {@code
 *     fd01:2345:6789:ab01::/64} for an IPv6-only subnet
 */
public record Subnet(ClusterNames names, String name, String cidr, int mtu)
    implements LocalResource {
  public static final String KIND = "Subnet";

  /** An IPv4 (or dual-stack) subnet. */
  public Subnet(ClusterNames names, String name, Cidr cidr, int mtu) {
    this(names, name, cidr.toString(), mtu);
  }

  /** An IPv6-only subnet: the bridge holds only the router's address in {@code block}. */
  public static Subnet ipv6Only(ClusterNames names, String name, Ipv6Cidr block, int mtu) {
    return new Subnet(names, name, block.toString(), mtu);
  }

  public static ResourceId idOf(ClusterNames names, String subnet) {
    return new ResourceId(KIND, subnet + "." + names.clusterName());
  }

  /** The bridge's name in the VPC namespace: short and stable, whatever the subnet is called. */
  public static String bridgeOf(String subnet) {
    return "br-" + ClusterNames.shortHash(subnet, 8);
  }

  public String bridge() {
    return bridgeOf(name);
  }

  /** True when the subnet has no IPv4 block: its block, router and instances are IPv6 only. */
  public boolean isIpv6Only() {
    return cidr.contains(":");
  }

  /** The VPC router's address on this subnet, with the subnet's prefix length. */
  public String routerAddress() {
    if (isIpv6Only()) {
      return Ipv6Prefixes.hostAddress(Ipv6Cidr.parse(cidr), 1);
    }
    Cidr c = Cidr.parse(cidr);
    return c.addressString(1) + "/" + c.prefix();
  }

  @Override
  public ResourceId id() {
    return idOf(names, name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of(VpcRouter.idOf(names));
  }

  @Override
  public SortedMap<String, String> attributes() {
    return Attributes.of("cidr", cidr, "bridge", bridge(), "router", routerAddress(), "mtu", mtu);
  }
}
