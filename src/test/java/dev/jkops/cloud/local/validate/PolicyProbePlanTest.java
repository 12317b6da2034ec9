package dev.jkops.cloud.local.validate;

import static dev.jkops.cloud.local.validate.ValidateFixtures.SITES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.policy.PolicyPod;
import dev.jkops.cloud.local.policy.PolicyWorld;
import dev.jkops.cloud.report.Probe;
import dev.jkops.cloud.report.ProbeCheck;
import dev.jkops.cloud.report.ProbeProtocol;
import dev.jkops.cloud.report.ProbeResult;
import dev.jkops.cloud.report.ProbeSite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyProbePlanTest {

  static PolicyWorld world() {
    return world(SITES);
  }

  static PolicyWorld world(List<ProbeSite> sites) {
    List<PolicyPod> pods = new ArrayList<>();
    Map<String, Set<String>> nodes = new HashMap<>();
    for (ProbeSite s : sites) {
      pods.add(
          new PolicyPod(
              s.server().name(),
              PolicyProbePlan.NAMESPACE,
              Map.of(PolicyProbePlan.ROLE_LABEL, "server"),
              s.server().address(),
              s.node().name()));
      s.client()
          .ifPresent(
              c ->
                  pods.add(
                      new PolicyPod(
                          c.name(),
                          PolicyProbePlan.NAMESPACE,
                          Map.of(PolicyProbePlan.ROLE_LABEL, "client"),
                          c.address(),
                          s.node().name())));
      nodes.put(s.node().name(), Set.of(s.node().address()));
    }
    return new PolicyWorld(List.of(PolicyProbePlan.POLICY), pods, Map.of(), nodes);
  }

  @Test
  void checksThePolicyBothWaysWithExpectationsFromItsMeaning() {
    List<Probe> probes = PolicyProbePlan.probes(SITES, world());
    assertThat(probes).hasSize(12);
    assertThat(probes)
        .filteredOn(p -> p.from().name().startsWith("vc-") && p.protocol() == ProbeProtocol.TCP)
        .hasSize(3)
        .allMatch(p -> p.expectAllowed() && p.check() == ProbeCheck.POLICY_ALLOWED);
    assertThat(probes)
        .filteredOn(p -> p.from().name().startsWith("vc-") && p.protocol() == ProbeProtocol.UDP)
        .hasSize(3)
        .allMatch(p -> !p.expectAllowed() && p.check() == ProbeCheck.POLICY_DENIED);
    assertThat(probes)
        .filteredOn(p -> p.from().name().startsWith("vs-"))
        .hasSize(3)
        .noneMatch(Probe::expectAllowed);
    assertThat(probes)
        .filteredOn(p -> p.from().name().equals(p.from().node()))
        .hasSize(3)
        .allMatch(Probe::expectAllowed);
  }

  @Test
  void withClientsOnOneNodePerZoneThePolicyIsStillCheckedBothWays() {
    for (List<ProbeSite> sites :
        List.of(ValidateFixtures.cluster(7, 1, false), ValidateFixtures.cluster(7, 3, true))) {
      List<Probe> probes = PolicyProbePlan.probes(sites, world(sites));
      assertThat(probes)
          .allMatch(
              p ->
                  !p.from().name().startsWith("vc-")
                      || sites.stream()
                          .anyMatch(s -> s.client().filter(c -> c == p.from()).isPresent()));
      assertThat(probes)
          .anyMatch(
              p -> p.check() == ProbeCheck.POLICY_ALLOWED && p.from().name().startsWith("vc-"));
      assertThat(probes)
          .anyMatch(
              p -> p.check() == ProbeCheck.POLICY_DENIED && p.from().name().startsWith("vc-"));
      assertThat(probes)
          .anyMatch(
              p -> p.check() == ProbeCheck.POLICY_DENIED && p.from().name().startsWith("vs-"));
      assertThat(probes)
          .anyMatch(
              p ->
                  p.check() == ProbeCheck.POLICY_ALLOWED
                      && p.from().name().equals(p.from().node()));
    }
  }

  @Test
  void aResultPassesWhenWhatHappenedIsWhatPolicySays() {
    Probe denied =
        PolicyProbePlan.probes(SITES, world()).stream()
            .filter(p -> !p.expectAllowed())
            .findFirst()
            .orElseThrow();
    assertThat(new ProbeResult(denied, false, "no answer", 500).passed()).isTrue();
    assertThat(new ProbeResult(denied, true, "answered vs-x", 2).passed()).isFalse();
    assertThat(new ProbeResult(denied, true, "answered vs-x", 2).resultText())
        .startsWith("FAILED: got through");
  }
}
