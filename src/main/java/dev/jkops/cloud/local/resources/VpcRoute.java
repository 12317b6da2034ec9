package dev.jkops.cloud.local.resources;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;

/**
 * A route in a VPC route table: a node's pod range to that instance (kubenet, classic, romana
 * across subnets).
 */
public record VpcRoute(
    ClusterNames names,
    String table,
    int tableNumber,
    Cidr destination,
    String instance,
    String nextHop)
    implements LocalResource {
  public static final String KIND = "Route";

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, table + "/" + destination);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of(RouteTable.idOf(table), LocalInstance.idOf(instance));
  }

  @Override
  public SortedMap<String, String> attributes() {
    return Attributes.of(
        "routeTable", table, "cidr", destination, "instance", instance, "nextHop", nextHop);
  }
}
