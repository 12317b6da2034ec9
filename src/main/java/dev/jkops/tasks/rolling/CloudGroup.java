package dev.jkops.tasks.rolling;

import java.util.List;

/**
 * One instance group and its instances, read from the cloud.
 *
 * @param target the number of instances the cloud keeps running (the autoscaling group's desired
 *     capacity)
 * @param limits how many of its instances may be replaced at once
 */
public record CloudGroup(
    String name,
    GroupRole role,
    int minSize,
    int target,
    int maxSize,
    List<CloudInstance> instances,
    RollingLimits limits) {

  public CloudGroup {
    instances = List.copyOf(instances);
  }

  public long needUpdate() {
    return instances.stream().filter(CloudInstance::needsUpdate).count();
  }

  public long ready() {
    return instances.stream().filter(i -> i.ready() && !i.needsUpdate()).count();
  }

  /** kops' STATUS column: NeedsUpdate while any instance does, else Ready. */
  public String status() {
    return needUpdate() > 0 ? "NeedsUpdate" : "Ready";
  }
}
