package dev.jkops.cloud.local.resources;

import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * An instance's IPv6 side (an IPv6 cluster): IPv6 on in its namespace (forwarding on, router
 * advertisements and duplicate address detection off), its address in its subnet's /64 on {@code
 * eth0}, and routes to the VPC's IPv6 ranges through its subnet's router: the VPC's /56 and any
 * subnet block written outside it, never more (no {@code ::/0}).
 *
 * @param address its address with the /64
 * @param router its subnet router's address (no prefix)
 * @param ranges the IPv6 ranges it routes through the router
 */
public record InstanceIpv6(
    ClusterNames names,
    String instance,
    String subnet,
    String address,
    String router,
    List<String> ranges)
    implements LocalResource {
  public static final String KIND = "InstanceIpv6";

  public InstanceIpv6 {
    ranges = ranges.stream().sorted().toList();
  }

  public static ResourceId idOf(String instance) {
    return new ResourceId(KIND, instance);
  }

  public String namespace() {
    return names.instanceNamespace(instance);
  }

  /** The address without its prefix length. */
  public String ip() {
    return address.substring(0, address.indexOf('/'));
  }

  @Override
  public ResourceId id() {
    return idOf(instance);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of(LocalInstance.idOf(instance), SubnetIpv6.idOf(names, subnet));
  }

  @Override
  public SortedMap<String, String> attributes() {
    return Attributes.of(
        "namespace",
        namespace(),
        "address",
        address,
        "routes",
        String.join(",", ranges) + " via " + router);
  }
}
