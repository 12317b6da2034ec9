package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** The inline policy of an instance role: what its instances (and their networking) may do. */
public record IamRolePolicy(String name, ResourceId role, String policyDocument)
    implements AwsResource {

  public static final String KIND = "IAMRolePolicy";

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of(role);
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("Role", "name:" + role.name());
    a.put("PolicyDocument", policyDocument);
    return a;
  }
}
