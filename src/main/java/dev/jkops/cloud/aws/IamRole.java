package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An instance role ({@code masters.<cluster>}, {@code nodes.<cluster>}, {@code
 * bastions.<cluster>}).
 */
public record IamRole(String name, String assumeRolePolicy, SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "IAMRole";

  public IamRole {
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
    a.put("RolePolicyDocument", assumeRolePolicy);
    AwsResource.putTags(a, tags);
    return a;
  }
}
