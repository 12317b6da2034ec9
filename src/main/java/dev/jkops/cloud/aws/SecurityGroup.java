package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A security group: {@code masters.<cluster>}, {@code nodes.<cluster>}, {@code bastion.<cluster>},
 * and the load balancers' {@code api-elb.<cluster>} and {@code bastion-elb.<cluster>}.
 */
public record SecurityGroup(
    String name, Ref vpc, String description, SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "SecurityGroup";

  public SecurityGroup {
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
    a.put("Description", description);
    AwsResource.putTags(a, tags);
    return a;
  }
}
