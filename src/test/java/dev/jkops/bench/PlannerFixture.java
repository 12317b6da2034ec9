package dev.jkops.bench;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterDefaults;
import dev.jkops.api.CreateClusterOptions;
import dev.jkops.api.InstanceGroup;
import dev.jkops.api.InstanceGroupSpec;
import dev.jkops.api.ObjectMeta;
import dev.jkops.model.ClusterCompletion;
import java.util.ArrayList;
import java.util.List;

/**
 * Clusters of a given size for the planner benchmarks: {@code nodes} nodes split as evenly as
 * possible over {@code groups} node instance groups, spread round-robin over three AWS zones, as
 * {@code create cluster} would make them (one control plane), completed as {@code update cluster}
 * does. The VPC is a /16 (the node subnets hold 5000 instances) and the pod range kops' default /11
 * of /24s.
 */
public final class PlannerFixture {
  public static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");

  private PlannerFixture() {}

  public static ClusterBundle completed(int nodes, int groups, String networking) {
    ClusterBundle b = created(nodes, groups, networking);
    return new ClusterBundle(ClusterCompletion.complete(b), b.instanceGroups());
  }

  public static ClusterBundle created(int nodes, int groups, String networking) {
    if (nodes < groups || groups < 1) {
      throw new IllegalArgumentException(
          nodes + " nodes cannot fill " + groups + " instance groups");
    }
    String name = "bench-" + nodes + "-" + groups + ".example.com";
    CreateClusterOptions o =
        CreateClusterOptions.builder(name, ZONES)
            .cloud("aws")
            .networking(networking)
            .nodeCount(ZONES.size())
            .build();
    ClusterBundle created = ClusterDefaults.create(o);
    List<InstanceGroup> out = new ArrayList<>();
    List<InstanceGroup> nodeGroups = new ArrayList<>();
    for (InstanceGroup ig : created.instanceGroups()) {
      (ig.spec().isNode() ? nodeGroups : out).add(ig);
    }
    for (int g = 0; g < groups; g++) {
      InstanceGroup template = nodeGroups.get(g % nodeGroups.size());
      int size = nodes / groups + (g < nodes % groups ? 1 : 0);
      InstanceGroupSpec s = template.spec();
      InstanceGroupSpec spec =
          new InstanceGroupSpec(
              s.role(),
              s.subnets(),
              s.machineType(),
              size,
              size,
              s.rollingUpdate(),
              s.nodeLabels(),
              s.additionalSecurityGroups(),
              s.extra());
      String igName = groups == nodeGroups.size() ? template.metadata().name() : "nodes-" + g;
      ObjectMeta meta = ObjectMeta.named(igName).withLabels(template.metadata().labels());
      out.add(
          new InstanceGroup(template.apiVersion(), template.kind(), meta, spec, template.extra()));
    }
    return new ClusterBundle(created.cluster(), out);
  }
}
