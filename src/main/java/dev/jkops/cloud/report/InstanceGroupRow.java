package dev.jkops.cloud.report;

import dev.jkops.api.InstanceGroup;
import java.util.List;

/** One row of kops' INSTANCE GROUPS table: NAME ROLE MACHINETYPE MIN MAX SUBNETS. */
public record InstanceGroupRow(
    String name, String role, String machineType, int min, int max, List<String> subnets) {

  public InstanceGroupRow {
    subnets = List.copyOf(subnets);
  }

  public static InstanceGroupRow of(InstanceGroup ig) {
    var s = ig.spec();
    return new InstanceGroupRow(
        ig.name(),
        s.role(),
        s.machineType() == null ? "" : s.machineType(),
        s.minSizeOrDefault(),
        s.maxSizeOrDefault(),
        s.subnetsOrEmpty());
  }
}
