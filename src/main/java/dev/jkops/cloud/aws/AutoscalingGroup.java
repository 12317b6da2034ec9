package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An instance group's autoscaling group, across its subnets, from its launch template.
 *
 * @param targetGroups the load balancer target groups its instances register in (kops' {@code
 *     target_group_arns}: the control plane in the API's, bastions in the bastion's), or the API's
 *     Classic load balancer, registered by name (kops' {@code load_balancers})
 * @param metrics the group metrics Auto Scaling reports every minute (kops' {@code
 *     enabled_metrics}); live, the ones enabled
 */
public record AutoscalingGroup(
    String name,
    String instanceGroup,
    ResourceId launchTemplate,
    int minSize,
    int maxSize,
    List<Ref> subnets,
    long maxInstanceLifetimeSeconds,
    List<Ref> targetGroups,
    List<String> metrics,
    SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "AutoscalingGroup";

  /** kops' granularity for the group metrics: the only one Auto Scaling offers. */
  static final String METRICS_GRANULARITY = "1Minute";

  public AutoscalingGroup {
    subnets = List.copyOf(subnets);
    targetGroups = List.copyOf(targetGroups);
    metrics = List.copyOf(metrics);
    tags = Tags.copy(tags);
  }

  /** The same group, registering its instances in these target groups. */
  AutoscalingGroup withTargetGroups(List<Ref> groups) {
    return new AutoscalingGroup(
        name,
        instanceGroup,
        launchTemplate,
        minSize,
        maxSize,
        subnets,
        maxInstanceLifetimeSeconds,
        groups,
        metrics,
        tags);
  }

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    Set<ResourceId> d = new HashSet<>(Refs.ids(subnets.toArray(Ref[]::new)));
    d.addAll(Refs.ids(targetGroups.toArray(Ref[]::new)));
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
    if (!targetGroups.isEmpty()) {
      a.put("TargetGroups", targetGroups.stream().map(Ref::display).sorted().toList().toString());
    }
    if (!metrics.isEmpty()) {
      a.put("Metrics", METRICS_GRANULARITY + " " + metrics.stream().sorted().toList());
    }
    AwsResource.putTags(a, tags);
    return a;
  }
}
