package dev.jkops.cloud.local.validate;

import static dev.jkops.cloud.local.validate.ValidateFixtures.SITES;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProbePlanTest {
  final List<Probe> plan = ProbePlan.connectivity(SITES, 1450);

  @Test
  void coversEveryPairOverEveryProtocolSortedByWhereThePacketsGo() {
    Map<ProbeCheck, Long> byCheck = plan.stream().collect(Collectors.groupingBy(Probe::check, Collectors.counting()));
    assertThat(byCheck).containsEntry(ProbeCheck.POD_TO_POD_SAME_NODE, 9L)      // 3 nodes x 3 protocols
        .containsEntry(ProbeCheck.POD_TO_POD_ACROSS_NODES, 6L)                   // master-a <-> nodes-a, 3 protocols
        .containsEntry(ProbeCheck.POD_TO_POD_ACROSS_ZONES, 12L)                  // 4 ordered pairs x 3
        .containsEntry(ProbeCheck.NODE_TO_POD, 9L)
        .containsEntry(ProbeCheck.MTU, 6L);
    assertThat(plan).allMatch(Probe::expectAllowed);
  }

  @Test
  void clientsDialServersAndNodesTheirOwnServer() {
    assertThat(plan).filteredOn(p -> p.check() != ProbeCheck.NODE_TO_POD)
        .allMatch(p -> p.from().name().startsWith("vc-") && p.to().name().startsWith("vs-"));
    assertThat(plan).filteredOn(p -> p.check() == ProbeCheck.NODE_TO_POD)
        .allMatch(p -> p.from().node().equals(p.to().node()) && p.from().name().equals(p.from().node()));
    Probe tcp = plan.stream().filter(p -> p.protocol() == ProbeProtocol.TCP).findFirst().orElseThrow();
    assertThat(tcp.port()).isEqualTo(ProbePlan.TCP_PORT);
    assertThat(tcp.expectedAnswer()).isEqualTo(tcp.to().name());
  }

  @Test
  void mtuProbeFillsExactlyTheProviderMtuAcrossNodes() {
    assertThat(plan).filteredOn(p -> p.check() == ProbeCheck.MTU)
        .allMatch(p -> p.payload() == 1422 && !p.from().node().equals(p.to().node()))
        .first().extracting(Probe::protocolText).isEqualTo("ICMP 1450B DF");
  }
}
