package dev.jkops.cloud.local.validate;

import static dev.jkops.cloud.local.validate.ValidateFixtures.SITES;
import static dev.jkops.cloud.local.validate.ValidateFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.report.Probe;
import dev.jkops.cloud.report.ProbeCheck;
import dev.jkops.cloud.report.ProbeCoverage;
import dev.jkops.cloud.report.ProbeProtocol;
import dev.jkops.cloud.report.ProbeResult;
import dev.jkops.cloud.report.ProbeSite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProbePlanTest {
  final List<Probe> plan = ProbePlan.connectivity(SITES, 1450);
  static final Set<ProbeCheck> POD_TO_POD =
      EnumSet.of(
          ProbeCheck.POD_TO_POD_SAME_NODE,
          ProbeCheck.POD_TO_POD_ACROSS_NODES,
          ProbeCheck.POD_TO_POD_ACROSS_ZONES);

  /**
   * Cluster shapes: one node, one zone, even and skewed zones, more zones than some zones have
   * nodes.
   */
  static List<List<ProbeSite>> shapes() {
    List<List<ProbeSite>> shapes = new ArrayList<>();
    for (int n : new int[] {1, 2, 3, 5, 8, 25, 61}) {
      for (int z = 1; z <= 4; z++) {
        shapes.add(cluster(n, Math.min(z, n), false));
        shapes.add(cluster(n, Math.min(z, n), true));
      }
    }
    return shapes;
  }

  @Test
  void onAThreeNodeClusterEveryPathKindIsProbedOverEveryProtocol() {
    Map<ProbeCheck, Long> byCheck =
        plan.stream().collect(Collectors.groupingBy(Probe::check, Collectors.counting()));
    assertThat(byCheck)
        .containsEntry(ProbeCheck.POD_TO_POD_SAME_NODE, 9L) // 3 nodes with clients x 3 protocols
        .containsEntry(ProbeCheck.POD_TO_POD_ACROSS_NODES, 6L) // master-a <-> nodes-a, 3 protocols
        .containsEntry(ProbeCheck.POD_TO_POD_ACROSS_ZONES, 12L) // 2 a->b + 2 b->a, x 3
        .containsEntry(ProbeCheck.NODE_TO_POD, 9L)
        .containsEntry(ProbeCheck.MTU, 6L);
    assertThat(plan).allMatch(Probe::expectAllowed);
    for (ProbeCheck c :
        List.of(
            ProbeCheck.POD_TO_POD_SAME_NODE,
            ProbeCheck.POD_TO_POD_ACROSS_NODES,
            ProbeCheck.POD_TO_POD_ACROSS_ZONES,
            ProbeCheck.NODE_TO_POD)) {
      assertThat(plan)
          .filteredOn(p -> p.check() == c)
          .extracting(Probe::protocol)
          .containsOnly(ProbeProtocol.ICMP, ProbeProtocol.TCP, ProbeProtocol.UDP);
    }
  }

  @Test
  void serversAreDialedByClientsOnTheirNodeByOtherNodesServersAndByTheirOwnNode() {
    assertThat(plan)
        .filteredOn(p -> p.check() == ProbeCheck.POD_TO_POD_SAME_NODE)
        .allMatch(
            p ->
                p.from().name().startsWith("vc-")
                    && p.to().name().startsWith("vs-")
                    && p.from().node().equals(p.to().node()));
    assertThat(plan)
        .filteredOn(
            p ->
                p.check() == ProbeCheck.POD_TO_POD_ACROSS_NODES
                    || p.check() == ProbeCheck.POD_TO_POD_ACROSS_ZONES
                    || p.check() == ProbeCheck.MTU)
        .allMatch(
            p ->
                p.from().name().startsWith("vs-")
                    && p.to().name().startsWith("vs-")
                    && !p.from().node().equals(p.to().node()));
    assertThat(plan)
        .filteredOn(p -> p.check() == ProbeCheck.NODE_TO_POD)
        .allMatch(
            p -> p.from().node().equals(p.to().node()) && p.from().name().equals(p.from().node()));
    Probe tcp =
        plan.stream().filter(p -> p.protocol() == ProbeProtocol.TCP).findFirst().orElseThrow();
    assertThat(tcp.port()).isEqualTo(ProbePlan.TCP_PORT);
    assertThat(tcp.expectedAnswer()).isEqualTo(tcp.to().name());
  }

  @Test
  void mtuProbeFillsExactlyTheProviderMtuAcrossNodes() {
    assertThat(plan)
        .filteredOn(p -> p.check() == ProbeCheck.MTU)
        .allMatch(p -> p.payload() == 1422 && !p.from().node().equals(p.to().node()))
        .first()
        .extracting(Probe::protocolText)
        .isEqualTo("ICMP 1450B DF");
  }

  @Test
  void everyNodeSendsToAndHearsFromItsOwnZoneAndEveryOtherZoneOverEveryProtocol() {
    for (List<ProbeSite> sites : shapes()) {
      List<Probe> probes = ProbePlan.connectivity(sites, 1450);
      Set<String> zones = sites.stream().map(ProbeSite::zone).collect(Collectors.toSet());
      for (ProbeSite x : sites) {
        long peersInZone = sites.stream().filter(s -> s != x && s.zone().equals(x.zone())).count();
        for (ProbeProtocol proto : ProbeProtocol.values()) {
          Predicate<Probe> podToPod = p -> POD_TO_POD.contains(p.check()) && p.protocol() == proto;
          if (peersInZone > 0) {
            assertThat(probes)
                .as(
                    "%s hears from its zone over %s (%d nodes)",
                    x.node().name(), proto, sites.size())
                .anyMatch(
                    podToPod.and(
                        p ->
                            p.to() == x.server()
                                && p.from().zone().equals(x.zone())
                                && !p.from().node().equals(x.node().name())));
            assertThat(probes)
                .as("%s sends in its zone over %s", x.node().name(), proto)
                .anyMatch(
                    podToPod.and(
                        p ->
                            p.from() == x.server()
                                && p.to().zone().equals(x.zone())
                                && !p.to().node().equals(x.node().name())));
          }
          for (String other : zones) {
            if (!other.equals(x.zone())) {
              assertThat(probes)
                  .as("%s hears from zone %s over %s", x.node().name(), other, proto)
                  .anyMatch(
                      podToPod.and(p -> p.to() == x.server() && p.from().zone().equals(other)));
              assertThat(probes)
                  .as("%s sends to zone %s over %s", x.node().name(), other, proto)
                  .anyMatch(
                      podToPod.and(p -> p.from() == x.server() && p.to().zone().equals(other)));
            }
          }
        }
        assertThat(probes)
            .filteredOn(p -> p.check() == ProbeCheck.NODE_TO_POD && p.to() == x.server())
            .hasSize(3);
        if (sites.size() > 1) {
          assertThat(probes)
              .as("%s sends and hears a full-MTU packet", x.node().name())
              .anyMatch(p -> p.check() == ProbeCheck.MTU && p.from() == x.server())
              .anyMatch(p -> p.check() == ProbeCheck.MTU && p.to() == x.server());
        }
        x.client()
            .ifPresent(
                c ->
                    assertThat(probes)
                        .filteredOn(
                            p ->
                                p.check() == ProbeCheck.POD_TO_POD_SAME_NODE
                                    && p.from() == c
                                    && p.to() == x.server())
                        .hasSize(3));
      }
      assertThat(probes)
          .as("same-node path probed somewhere")
          .anyMatch(p -> p.check() == ProbeCheck.POD_TO_POD_SAME_NODE);
      assertThat(ProbeCoverage.of(sites, probes).zonePairsProbed())
          .isEqualTo(zones.size() * zones.size());
    }
  }

  @Test
  void theSampleGrowsLinearlyWithTheNodesWhereEveryPairWouldGrowWithTheSquare() {
    for (int zones = 1; zones <= 4; zones++) {
      List<ProbeSite> sites = cluster(1000, zones, false);
      List<Probe> probes = ProbePlan.connectivity(sites, 1450);
      // per node: ring (3 + MTU), every other zone both ways (2 x (3 + MTU)), node to pod (3),
      // rounding up
      assertThat(probes.size())
          .as("%d zones", zones)
          .isLessThanOrEqualTo(1000 * (7 + 8 * (zones - 1)) + 3 * zones);
      ProbeCoverage c = ProbeCoverage.of(sites, probes);
      assertThat(c.nodePairs()).isEqualTo(1_000_000);
      assertThat(c.nodePairsProbed()).isLessThan(1000 * (1 + 2 * zones));
    }
    ProbeCoverage c25 =
        ProbeCoverage.of(
            cluster(25, 2, false), ProbePlan.connectivity(cluster(25, 2, false), 1450));
    assertThat(c25.summary())
        .startsWith(c25.nodePairsProbed() + " of 625 node pairs and 4 of 4 zone pairs probed");
  }

  @Test
  void theSampleDoesNotDependOnTheOrderNodesAreListedIn() {
    List<ProbeSite> sites = cluster(25, 3, true);
    List<ProbeSite> shuffled = new ArrayList<>(sites);
    Collections.shuffle(shuffled, new Random(7));
    assertThat(ProbePlan.connectivity(shuffled, 1450))
        .isEqualTo(ProbePlan.connectivity(sites, 1450));
  }

  /**
   * The sample against a model of a broken data plane: for every node in turn, packets to its pods
   * are lost (a dead bridge, a lost pod route), or only those from one other zone are (a route
   * missing from that zone's path): validate's probes must fail every time.
   */
  @Test
  void aBrokenNodeOrABrokenCrossZoneRouteToAnyNodeFailsSomeProbe() {
    for (List<ProbeSite> sites : shapes()) {
      if (sites.size() < 2) {
        continue;
      }
      List<Probe> probes = ProbePlan.connectivity(sites, 1450);
      Set<String> zones = sites.stream().map(ProbeSite::zone).collect(Collectors.toSet());
      for (ProbeSite broken : sites) {
        assertThat(
                failures(
                    probes,
                    p ->
                        p.to().node().equals(broken.node().name())
                            && !p.from().node().equals(broken.node().name())))
            .as("pods on %s unreachable from other nodes", broken.node().name())
            .isPositive();
        assertThat(
                failures(
                    probes,
                    p ->
                        p.from().node().equals(broken.node().name())
                            && !p.to().node().equals(broken.node().name())))
            .as("pods on %s cannot reach other nodes", broken.node().name())
            .isPositive();
        for (String from : zones) {
          if (!from.equals(broken.zone())) {
            assertThat(
                    failures(
                        probes,
                        p ->
                            p.to().node().equals(broken.node().name())
                                && p.from().zone().equals(from)))
                .as("route from zone %s to %s's pods missing", from, broken.node().name())
                .isPositive();
          }
        }
      }
    }
  }

  private static long failures(List<Probe> probes, Predicate<Probe> dropped) {
    ProbeRunner dataPlane =
        p -> new ProbeResult(p, !dropped.test(p), dropped.test(p) ? "no reply" : "replied", 1);
    return new ProbeScheduler(dataPlane, 4, Duration.ofSeconds(10))
        .runAll(probes).stream().filter(r -> !r.passed()).count();
  }
}
