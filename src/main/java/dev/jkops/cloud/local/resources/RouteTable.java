package dev.jkops.cloud.local.resources;

import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * A route table of the VPC: a kernel routing table in the router namespace, associated with its
 * subnets by policy rules on their bridges (traffic arriving from a subnet looks it up first, then
 * the VPC's local routes). {@code quota} is how many routes it accepts, as AWS' RouteLimitExceeded.
 */
public record RouteTable(
    ClusterNames names, String name, int number, List<String> subnets, int quota)
    implements LocalResource {
  public static final String KIND = "RouteTable";

  /** Policy rule priority of every subnet association; main (32766) comes after it. */
  public static final int RULE_PRIORITY = 1000;

  public RouteTable {
    subnets = subnets.stream().sorted().toList();
  }

  public static ResourceId idOf(String name) {
    return new ResourceId(KIND, name);
  }

  @Override
  public ResourceId id() {
    return idOf(name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    Set<ResourceId> deps = new HashSet<>();
    deps.add(VpcRouter.idOf(names));
    subnets.forEach(s -> deps.add(Subnet.idOf(names, s)));
    return deps;
  }

  @Override
  public SortedMap<String, String> attributes() {
    return Attributes.of("table", number, "subnets", String.join(",", subnets), "quota", quota);
  }
}
