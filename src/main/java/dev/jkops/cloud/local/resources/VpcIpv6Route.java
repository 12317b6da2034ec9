package dev.jkops.cloud.local.resources;

import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;

/**
 * The VPC's route to one node's IPv6 pod prefix (its /80), via the node's IPv6 address, in the
 * router namespace: kops' IPv6 clusters route each node's delegated prefix in the VPC, with no
 * encapsulation.
 */
public record VpcIpv6Route(ClusterNames names, String destination, String instance, String via)
    implements LocalResource {
  public static final String KIND = "VpcIpv6Route";

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, destination);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    // a route read back from the kernel does not know its instance: it depends on nothing; an
    // instance of an IPv6-only subnet has no InstanceIpv6: its Instance holds the address
    return instance.isEmpty()
        ? Set.of()
        : Set.of(InstanceIpv6.idOf(instance), LocalInstance.idOf(instance));
  }

  @Override
  public SortedMap<String, String> attributes() {
    return Attributes.of("destination", destination, "instance", instance, "via", via);
  }
}
