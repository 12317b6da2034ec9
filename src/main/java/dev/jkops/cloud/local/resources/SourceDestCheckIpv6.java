package dev.jkops.cloud.local.resources;

import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * EC2's source/dest check on an instance's IPv6 frames (an IPv6 cluster whose plan keeps the check
 * on, as kops' IPv6 calico does): the VPC drops a frame the instance sends from any IPv6 address
 * but its own, and a frame delivered to it for any other. Its own are its address and, on a node,
 * the /80 delegated to it, in which its pods are routed with no encapsulation (AWS counts a prefix
 * delegated to an ENI as the instance's own). Link-local addresses ({@code fe80::/10}) and, towards
 * the instance, multicast stay allowed, so neighbour discovery works; this is the IPv4 check's
 * counterpart ({@link LocalInstance#sourceDestCheck()}), kept in a table of its own so that an
 * instance rebuilt under the same name keeps it.
 *
 * @param port the instance's VPC port (its table is named after it)
 * @param own its own IPv6 addresses and prefixes, as CIDRs ({@code fd..::4/128}, {@code
 *     fd..:2::/80}); an orphan read back from the kernel (its instance gone) may have none
 */
public record SourceDestCheckIpv6(
    ClusterNames names, String instance, String port, List<String> own) implements LocalResource {
  public static final String KIND = "SourceDestCheckIpv6";

  public SourceDestCheckIpv6 {
    own = List.copyOf(own);
  }

  /** The check of {@code instance}, on its VPC port. */
  public static SourceDestCheckIpv6 of(ClusterNames names, String instance, List<String> own) {
    return new SourceDestCheckIpv6(names, instance, LocalInstance.vpcPortOf(instance), own);
  }

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, instance);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of(LocalInstance.idOf(instance));
  }

  @Override
  public SortedMap<String, String> attributes() {
    return Attributes.of("port", port, "own", String.join(",", own));
  }
}
