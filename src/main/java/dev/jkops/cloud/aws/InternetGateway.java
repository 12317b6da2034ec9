package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The VPC's internet gateway. In an existing VPC the gateway attached to it is used as it is
 * ({@code shared}), never created or deleted.
 */
public record InternetGateway(String name, Ref vpc, boolean shared, SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "InternetGateway";

  public InternetGateway {
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
    a.put("Shared", Boolean.toString(shared));
    AwsResource.putTags(a, tags);
    return a;
  }
}
