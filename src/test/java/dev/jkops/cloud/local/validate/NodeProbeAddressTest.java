package dev.jkops.cloud.local.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.pods.NodeSite;
import dev.jkops.cloud.local.pods.PodAttachment;
import dev.jkops.cloud.local.pods.PodRange;
import dev.jkops.cloud.report.ProbeCheck;
import dev.jkops.cloud.report.ProbeEndpoint;
import dev.jkops.cloud.report.ProbeResult;
import dev.jkops.cloud.report.ProbeSite;
import dev.jkops.cloud.report.ReportText;
import dev.jkops.cloud.report.ValidationReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * validate's node-to-pod rows name the node by the address its probe leaves from: over IPv4 its VPC
 * address, in an IPv6 cluster its address on the pod bridge (the /80's first host), since the
 * node's IPv4 address cannot be the source of an IPv6 probe.
 */
class NodeProbeAddressTest {
  static NodeSite node(String address, String podRange) {
    PodRange range = PodRange.parse(podRange);
    return new NodeSite(
        "nodes-zone-a-1",
        "node",
        "zone-a",
        "jk-abc123-nodes-zone-a-1",
        address,
        range,
        new PodAttachment.Cni("{}"),
        1500,
        Path.of("/tmp/ipam"),
        Path.of("/tmp/log"),
        Set.of(address, range.gateway()),
        List.of());
  }

  @Test
  void anIpv6ClusterNodeSendsToItsPodsFromItsBridgeAddress() {
    NodeSite n = node("172.20.96.4", "fd01:2345:6789:ab00:1::/80");
    assertThat(ProbePods.sendsToPodsFrom(n)).isEqualTo("fd01:2345:6789:ab00:1::1");
  }

  @Test
  void anIpv4ClusterNodeKeepsItsVpcAddress() {
    assertThat(ProbePods.sendsToPodsFrom(node("172.20.96.4", "100.96.1.0/24")))
        .isEqualTo("172.20.96.4");
  }

  @Test
  void theNodeToPodRowsOfAnIpv6ClusterPrintIpv6AtBothEnds() {
    NodeSite n = node("172.20.96.4", "fd01:2345:6789:ab00:1::/80");
    ProbeEndpoint self =
        new ProbeEndpoint(n.node(), n.netns(), ProbePods.sendsToPodsFrom(n), n.node(), n.zone());
    ProbeEndpoint server =
        new ProbeEndpoint(
            "vs-nodes-zone-a-1", "jk-abc123-p-vs", "fd01:2345:6789:ab00:1::2", n.node(), n.zone());
    List<ProbeResult> results =
        ProbePlan.connectivity(List.of(new ProbeSite(self, server, Optional.empty())), 1500)
            .stream()
            .filter(p -> p.check() == ProbeCheck.NODE_TO_POD)
            .map(p -> new ProbeResult(p, true, "answered vs-nodes-zone-a-1", 2))
            .toList();
    assertThat(results).hasSize(3);
    String text =
        ReportText.render(
            new ValidationReport("v6.example.com", List.of(), List.of(), List.of(), results));
    List<String> rows = text.lines().filter(l -> l.startsWith("node-to-pod")).toList();
    assertThat(rows)
        .hasSize(3)
        .allSatisfy(
            row ->
                assertThat(row)
                    .contains(
                        "nodes-zone-a-1 (fd01:2345:6789:ab00:1::1)  vs-nodes-zone-a-1"
                            + " (fd01:2345:6789:ab00:1::2)")
                    .doesNotContain("172.20."));
  }
}
