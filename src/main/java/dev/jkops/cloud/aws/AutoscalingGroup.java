package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** An instance group's autoscaling group, across its subnets, from its launch template. */
public record AutoscalingGroup(
    String name,
    String instanceGroup,
    ResourceId launchTemplate,
    int minSize,
    int maxSize,
    List<Ref> subnets,
    long maxInstanceLifetimeSeconds,
    SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "AutoscalingGroup";

  public AutoscalingGroup {
    subnets = List.copyOf(subnets);
    tags = Tags.copy(tags);
  }

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    Set<ResourceId> d = new HashSet<>(Refs.ids(subnets.toArray(Ref[]::new)));
    d.add(launchTemplate);
    return Set.copyOf(d);
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("LaunchTemplate", "name:" + launchTemplate.name());
    a.put("MinSize", Integer.toString(minSize));
    a.put("MaxSize", Integer.toString(maxSize));
    a.put("Subnets", subnets.stream().map(Ref::display).sorted().toList().toString());
    a.put("MaxInstanceLifetime", maxInstanceLifetimeSeconds + "s");
    AwsResource.putTags(a, tags);
    return a;
  }
}
