package dev.jkops.cloud.report;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one validation pass: kops' three tables and the connectivity probes, the health of
 * the control plane's etcd, warnings (a lost master while etcd keeps its quorum, say) that do not
 * fail validation, and how many node and zone pairs the probes covered.
 */
public record ValidationReport(
    String clusterName,
    List<InstanceGroupRow> instanceGroups,
    List<NodeStatus> nodes,
    List<ValidationFailure> failures,
    List<ProbeResult> connectivity,
    Optional<EtcdHealth> etcd,
    List<ValidationFailure> warnings,
    Optional<ProbeCoverage> coverage) {

  public ValidationReport {
    instanceGroups = List.copyOf(instanceGroups);
    nodes = List.copyOf(nodes);
    failures = List.copyOf(failures);
    connectivity = List.copyOf(connectivity);
    warnings = List.copyOf(warnings);
    coverage = coverage == null ? Optional.empty() : coverage;
  }

  /** A report without a statement of probe coverage. */
  public ValidationReport(
      String clusterName,
      List<InstanceGroupRow> instanceGroups,
      List<NodeStatus> nodes,
      List<ValidationFailure> failures,
      List<ProbeResult> connectivity,
      Optional<EtcdHealth> etcd,
      List<ValidationFailure> warnings) {
    this(
        clusterName,
        instanceGroups,
        nodes,
        failures,
        connectivity,
        etcd,
        warnings,
        Optional.empty());
  }

  /** A report of a cluster without a control plane to ask about. */
  public ValidationReport(
      String clusterName,
      List<InstanceGroupRow> instanceGroups,
      List<NodeStatus> nodes,
      List<ValidationFailure> failures,
      List<ProbeResult> connectivity) {
    this(clusterName, instanceGroups, nodes, failures, connectivity, Optional.empty(), List.of());
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
