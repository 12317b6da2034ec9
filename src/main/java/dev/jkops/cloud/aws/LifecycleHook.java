package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An autoscaling group's hook that holds a terminating instance ({@code <group>-NTHLifecycleHook})
 * until the node-termination-handler has drained it, or {@link #heartbeatSeconds} have passed.
 *
 * @param group the autoscaling group (its AWS name is its record's name)
 */
public record LifecycleHook(
    String name, ResourceId group, String transition, int heartbeatSeconds, String defaultResult)
    implements AwsResource {

  public static final String KIND = "AutoscalingLifecycleHook";

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of(group);
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("AutoscalingGroup", "name:" + group.name());
    a.put("LifecycleTransition", transition);
    a.put("HeartbeatTimeout", heartbeatSeconds + "s");
    a.put("DefaultResult", defaultResult);
    return a;
  }
}
