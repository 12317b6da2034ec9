package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A route table: the cluster's public one (tagged {@code kubernetes.io/kops/role=public}) or one
 * per private zone ({@code private-<zone>}). kubenet's pod routes go in the public one, which must
 * belong to this cluster alone.
 */
public record RouteTable(String name, Ref vpc, SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "RouteTable";

  public RouteTable {
    tags = Tags.copy(tags);
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
    return Refs.ids(vpc);
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("VPC", vpc.display());
    AwsResource.putTags(a, tags);
    return a;
  }
}
