package dev.jkops.cloud.local.resources;

import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;

/** The VPC: a router namespace that forwards between the subnets' bridges and has no way out. */
public record VpcRouter(ClusterNames names) implements LocalResource {
  public static final String KIND = "VPC";

  public static ResourceId idOf(ClusterNames names) {
    return new ResourceId(KIND, names.clusterName());
  }

  @Override
  public ResourceId id() {
    return idOf(names);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of();
  }

  @Override
  public SortedMap<String, String> attributes() {
    return Attributes.of("namespace", names.vpcNamespace(), "forwarding", "on");
  }
}
