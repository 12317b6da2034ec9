package dev.jkops.api;

import java.util.List;
import java.util.Optional;

/** A cluster with its instance groups: what create, get and replace move around together. */
public record ClusterBundle(Cluster cluster, List<InstanceGroup> instanceGroups) {
  public ClusterBundle {
    instanceGroups = List.copyOf(instanceGroups);
  }

  public String name() {
    return cluster.name();
  }

  public Optional<InstanceGroup> instanceGroup(String name) {
    return instanceGroups.stream().filter(ig -> name.equals(ig.name())).findFirst();
  }
}
