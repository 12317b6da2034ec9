package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** The elastic IP of a zone's NAT gateway. */
public record ElasticIp(String name, SortedMap<String, String> tags) implements AwsResource {

  public static final String KIND = "ElasticIP";

  public ElasticIp {
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
    return Set.of();
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("Domain", "vpc");
    AwsResource.putTags(a, tags);
    return a;
  }
}
