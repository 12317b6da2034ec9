package dev.jkops.cloud.local.validate;

import static dev.jkops.cloud.local.validate.ValidateFixtures.SITES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.report.InstanceGroupRow;
import dev.jkops.cloud.report.NodeStatus;
import dev.jkops.cloud.report.Probe;
import dev.jkops.cloud.report.ProbeResult;
import dev.jkops.cloud.report.ReportDocument;
import dev.jkops.cloud.report.ReportText;
import dev.jkops.cloud.report.ValidationFailure;
import dev.jkops.cloud.report.ValidationReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTextTest {
  static final List<InstanceGroupRow> GROUPS =
      List.of(
          new InstanceGroupRow(
              "master-us-test-1a", "Master", "m3.medium", 1, 1, List.of("us-test-1a")),
          new InstanceGroupRow(
              "nodes", "Node", "t2.medium", 2, 2, List.of("us-test-1a", "us-test-1b")));
  static final List<NodeStatus> NODES =
      List.of(
          new NodeStatus(
              "master-us-test-1a-1", "control-plane", true, "us-test-1a", "172.20.32.10"),
          new NodeStatus("nodes-1", "node", true, "us-test-1a", "172.20.64.10"));
  static final Probe PROBE = ProbePlan.connectivity(SITES, 1450).get(1);

  @Test
  void aHealthyClusterPrintsKopsTablesAndEndsWithTheReadyLine() {
    var report =
        new ValidationReport(
            "c.example.com",
            GROUPS,
            NODES,
            List.of(),
            List.of(new ProbeResult(PROBE, true, "answered vs-master-a-1", 3)));
    String text = ReportText.render(report);
    assertThat(text)
        .startsWith(
            "Validating cluster c.example.com\n\nINSTANCE GROUPS\n"
                + "NAME               ROLE    MACHINETYPE  MIN  MAX  SUBNETS\n"
                + "master-us-test-1a  Master  m3.medium    1    1    us-test-1a\n"
                + "nodes              Node    t2.medium    2    2    us-test-1a,us-test-1b\n\n"
                + "NODE STATUS\nNAME                 ROLE           READY\n"
                + "master-us-test-1a-1  control-plane  True\n");
    assertThat(text)
        .contains("CONNECTIVITY (1 of 1 probes passed)\n")
        .contains(
            "pod-to-pod, same node  vc-master-a-1 (100.96.1.3)  vs-master-a-1 (100.96.1.2)  TCP:8080  ok (answered vs-master-a-1, 3ms)")
        .doesNotContain("VALIDATION ERRORS")
        .endsWith("\nYour cluster c.example.com is ready\n");
  }

  @Test
  void aFailurePrintsTheErrorsTableAndValidationFailed() {
    var report =
        new ValidationReport(
            "c.example.com",
            GROUPS,
            NODES,
            List.of(
                new ValidationFailure("Network", "vc-a -> vs-b TCP:8080", "no answer within 2s")),
            List.of(new ProbeResult(PROBE, false, "no answer within 2s", 2000)));
    assertThat(report.ready()).isFalse();
    assertThat(ReportText.render(report))
        .contains(
            "VALIDATION ERRORS\nKIND     NAME                   MESSAGE\nNetwork  vc-a -> vs-b TCP:8080  no answer within 2s\n")
        .endsWith("\nValidation Failed\n");
  }

  @Test
  void yamlAndJsonUseKopsFieldNames() {
    var report =
        new ValidationReport(
            "c",
            GROUPS,
            NODES,
            List.of(new ValidationFailure("Pod", "kube-system/kube-dns-1", "is pending")),
            List.of(new ProbeResult(PROBE, true, "answered", 1)));
    assertThat(ReportDocument.yaml(report))
        .startsWith(
            """
        failures:
          - type: Pod
            name: kube-system/kube-dns-1
            message: is pending
        nodes:
          - name: master-us-test-1a-1
            zone: us-test-1a
            role: control-plane
            hostname: 172.20.32.10
            status: "True"
        """)
        .contains("connectivity:\n  - check: \"pod-to-pod, same node\"\n    protocol: TCP:8080\n");
    assertThat(ReportDocument.json(new ValidationReport("c", GROUPS, NODES, List.of(), List.of())))
        .doesNotContain("failures")
        .contains("\"nodes\" : [");
  }
}
