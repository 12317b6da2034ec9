package dev.jkops.cloud.local.resources;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;

/**
 * A subnet: one bridge in the VPC namespace, holding the VPC router's address (the subnet's first
 * host, as on AWS). Instances of the subnet plug their veth into it.
 */
public record Subnet(ClusterNames names, String name, Cidr cidr, int mtu) implements LocalResource {
  public static final String KIND = "Subnet";

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

  /** The VPC router's address on this subnet, with the subnet's prefix length. */
  public String routerAddress() {
    return cidr.addressString(1) + "/" + cidr.prefix();
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
