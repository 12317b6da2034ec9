package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** The instance profile that gives a launch template's instances their role. */
public record IamInstanceProfile(String name, ResourceId role, SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "IAMInstanceProfile";

  public IamInstanceProfile {
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
    return Set.of(role);
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("Role", "name:" + role.name());
    AwsResource.putTags(a, tags);
    return a;
  }
}
