package dev.jkops.cloud.local.validate;

import java.util.List;

/** The outcome of one validation pass: kops' three tables and the connectivity probes. */
public record ValidationReport(
    String clusterName,
    List<InstanceGroupRow> instanceGroups,
    List<NodeStatus> nodes,
    List<ValidationFailure> failures,
    List<ProbeResult> connectivity) {

  public ValidationReport {
    instanceGroups = List.copyOf(instanceGroups);
    nodes = List.copyOf(nodes);
    failures = List.copyOf(failures);
    connectivity = List.copyOf(connectivity);
  }

  /** Ready when nothing failed: every node ready, system pods running, every probe as expected. */
  public boolean ready() {
    return failures.isEmpty();
  }

  /** kops' last line. */
  public String verdict() {
    return ready() ? "Your cluster " + clusterName + " is ready" : "Validation Failed";
  }
}
