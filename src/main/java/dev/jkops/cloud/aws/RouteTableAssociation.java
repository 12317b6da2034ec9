package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** Puts a subnet in a route table. */
public record RouteTableAssociation(String name, ResourceId routeTable, Ref subnet)
    implements AwsResource {

  public static final String KIND = "RouteTableAssociation";

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    Set<ResourceId> d = new HashSet<>(Refs.ids(subnet));
    d.add(routeTable);
    return Set.copyOf(d);
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("RouteTable", "name:" + routeTable.name());
    a.put("Subnet", subnet.display());
    return a;
  }
}
