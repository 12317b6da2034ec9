package dev.jkops.cloud.local.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.local.LocalClusterResources;
import dev.jkops.cloud.local.LocalTestClusters;
import dev.jkops.cloud.local.design.LocalDesign;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.pods.LocalPodCluster;
import dev.jkops.cloud.local.pods.NodeSite;
import dev.jkops.cloud.local.pods.Pod;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.cloud.report.ProbeCheck;
import dev.jkops.cloud.report.ProbeCoverage;
import dev.jkops.cloud.report.ProbeResult;
import dev.jkops.cloud.report.ReportText;
import dev.jkops.cloud.report.ValidationReport;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.ProgressListener;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate on real local clusters: green when healthy, red with a named error when broken, nothing
 * left.
 */
@RequiresRoot
class LocalClusterValidationTest {
  final Kernel kernel = Kernel.system();
  @TempDir Path runtime;
  final List<LocalClusterResources> clouds = new ArrayList<>();

  record Up(ClusterBundle bundle, ClusterNames names, NetworkPlan plan, PodManager pods) {
    ValidationReport validate() {
      return validate(false);
    }

    ValidationReport validate(boolean keepProbePods) {
      return new LocalClusterValidation(
              Kernel.system(), bundle, pods, plan.mtu(), Duration.ofSeconds(60), keepProbePods)
          .run(s -> {});
    }
  }

  Up up(String mode) {
    return up(
        LocalTestClusters.twoZones(
            "v" + ThreadLocalRandom.current().nextInt(1_000_000) + ".example.com", mode));
  }

  Up up(ClusterBundle bundle) {
    NetworkPlan plan = NetworkPlanner.plan(bundle, IpamState.empty());
    ClusterNames names = ClusterNames.of(bundle.name(), runtime);
    LocalClusterResources cloud = new LocalClusterResources(kernel, names);
    clouds.add(cloud);
    cloud.converge(
        LocalDesign.of(names, plan, bundle.cluster().spec().subnetsOrEmpty()).resources(),
        ProgressListener.NONE);
    return new Up(
        bundle, names, plan, new PodManager(kernel, LocalPodCluster.of(kernel, names, bundle)));
  }

  @AfterEach
  void tearDown() {
    for (LocalClusterResources c : clouds) {
      c.destroy();
      assertThat(kernel.netns().list(c.names().prefix())).isEmpty();
    }
  }

  @Test
  void kubenetClusterIsGreenRunsKubeDnsAndRemovesItsProbePods() {
    Up up = up("kubenet");
    ValidationReport r = up.validate();
    assertThat(r.failures()).isEmpty();
    assertThat(r.ready()).isTrue();
    assertThat(ReportText.render(r)).endsWith("Your cluster " + up.bundle().name() + " is ready\n");
    assertThat(r.connectivity())
        .extracting(p -> p.probe().check())
        .contains(
            ProbeCheck.POD_TO_POD_SAME_NODE,
            ProbeCheck.POD_TO_POD_ACROSS_ZONES,
            ProbeCheck.NODE_TO_POD,
            ProbeCheck.MTU)
        .doesNotContain(ProbeCheck.POLICY_DENIED);
    assertThat(up.pods().list())
        .extracting(Pod::qualifiedName)
        .containsExactly("kube-system/kube-dns-1", "kube-system/kube-dns-2");
    assertThat(kernel.netns().list(up.names().prefix() + "p-jkops-validate")).isEmpty();
    assertThat(up.pods().list()).allMatch(p -> !p.node().startsWith("master"));
  }

  @Test
  void calicoEnforcesTheValidatePolicyBothWays() {
    Up up = up("calico");
    // the second run probes through the first's server pods: the probe policy's isolation must
    // have been taken off them, or server-to-server TCP would be refused
    ValidationReport kept = up.validate(true);
    assertThat(kept.failures()).isEmpty();
    assertThat(probePods(up)).isNotEmpty();
    ValidationReport r = up.validate(true);
    assertThat(r.failures()).isEmpty();
    assertThat(r.connectivity())
        .filteredOn(p -> p.probe().check() == ProbeCheck.POLICY_DENIED)
        .isNotEmpty()
        .allMatch(p -> !p.reached());
    assertThat(r.connectivity())
        .filteredOn(p -> p.probe().check() == ProbeCheck.POLICY_ALLOWED)
        .isNotEmpty()
        .allMatch(ProbeResult::reached);
  }

  @Test
  void aBrokenPodRouteFailsValidationWithNamedErrors() {
    Up up = up("kubenet");
    assertThat(up.validate(true).ready()).isTrue();
    assertThat(probePods(up)).isNotEmpty();
    String vpc = up.names().vpcNamespace();
    var nodeB =
        up.pods().cluster().nodes().stream()
            .filter(n -> n.zone().equals("us-test-1b"))
            .findFirst()
            .orElseThrow();
    for (int table : List.of(0, 100, 101, 102, 200, 201)) {
      kernel.ip(vpc).routes(table).stream()
          .filter(rt -> rt.destination().equals(nodeB.podRange().toString()))
          .forEach(rt -> kernel.ip(vpc).deleteRoute(rt));
    }
    ValidationReport r = up.validate(true);
    assertThat(r.ready()).isFalse();
    assertThat(r.failures())
        .isNotEmpty()
        .allMatch(f -> f.kind().equals("Network"))
        .anyMatch(
            f ->
                f.name().startsWith("pod-to-pod, across zones") && f.name().contains(nodeB.node()));
    assertThat(ReportText.render(r)).contains("VALIDATION ERRORS").endsWith("Validation Failed\n");
    assertThat(kernel.netns().list(up.names().prefix() + "p-jkops-validate")).isEmpty();
  }

  /**
   * On five nodes validate probes a sample of the node pairs, not all of them; a node that drops
   * its pods' forwarded packets and a node whose pod route is gone from every route table must
   * still fail it, each named, though neither carries a client pod nor starts its zone's ring.
   */
  @Test
  void theSampledProbesStillCatchABrokenNodeAndAMissingPodRoute() {
    Up up =
        up(
            LocalTestClusters.twoZones(
                "v" + ThreadLocalRandom.current().nextInt(1_000_000) + ".example.com",
                "kubenet",
                "1.32.0",
                5));
    // kept server pods must catch what new ones would
    ValidationReport healthy = up.validate(true);
    assertThat(healthy.failures()).isEmpty();
    assertThat(probePods(up)).hasSize(5);
    ProbeCoverage c = healthy.coverage().orElseThrow();
    assertThat(c.nodes()).isEqualTo(5);
    assertThat(c.nodePairsProbed()).isLessThan(c.nodePairs());
    assertThat(c.zonePairsProbed()).isEqualTo(4);
    assertThat(ReportText.render(healthy))
        .contains("Coverage: " + c.nodePairsProbed() + " of 25 node pairs");

    List<NodeSite> workers =
        up.pods().cluster().nodes().stream()
            .filter(n -> !n.isControlPlane())
            .sorted(java.util.Comparator.comparing(NodeSite::node))
            .toList();
    java.util.Set<String> withClient = ProbePods.withClient(workers);
    NodeSite brokenNode = last(workers, "us-test-1a", withClient);
    NodeSite lostRoute = last(workers, "us-test-1b", withClient);
    // a node that stops forwarding its pods' packets (the CNI bridge plugin would bring a downed
    // bridge
    // back up when validate's pods attach, so the breakage is a drop-everything forward hook)
    kernel
        .runner()
        .run(
            dev.jkops.cloud.local.kernel.Command.of(
                    "break the node's forwarding",
                    List.of("ip", "netns", "exec", brokenNode.netns(), "nft", "-f", "-"))
                .withStdin(
                    "table inet jkbroken { chain forwarding { type filter hook forward priority -300; policy drop; }; }\n"))
        .orThrow();
    String vpc = up.names().vpcNamespace();
    for (int table : List.of(0, 100, 101, 102, 200, 201)) {
      kernel.ip(vpc).routes(table).stream()
          .filter(rt -> rt.destination().equals(lostRoute.podRange().toString()))
          .forEach(rt -> kernel.ip(vpc).deleteRoute(rt));
    }
    ValidationReport r = up.validate(true);
    assertThat(r.ready()).isFalse();
    assertThat(r.failures())
        .filteredOn(f -> f.kind().equals("Network"))
        .anyMatch(f -> f.name().contains(ProbePods.serverName(brokenNode)))
        .anyMatch(f -> f.name().contains(ProbePods.serverName(lostRoute)));
    assertThat(kernel.netns().list(up.names().prefix() + "p-jkops-validate")).isEmpty();
  }

  @Test
  void aPassingValidateKeepsItsServerPodsAndTheNextMakesOnlyItsClients() {
    Up up = up("kubenet");
    List<String> workers =
        up.pods().cluster().nodes().stream()
            .filter(n -> !n.isControlPlane())
            .map(ProbePods::serverName)
            .toList();
    ValidationReport first = up.validate(true);
    assertThat(first.ready()).isTrue();
    List<Pod> servers = probePods(up);
    assertThat(servers).extracting(Pod::name).containsExactlyInAnyOrderElementsOf(workers);

    // the same pods (same CNI container ids, same creation) answer the second run's probes
    ValidationReport second = up.validate(true);
    assertThat(second.ready()).isTrue();
    assertThat(second.connectivity()).hasSameSizeAs(first.connectivity());
    assertThat(probePods(up)).containsExactlyInAnyOrderElementsOf(servers);

    // a server pod whose server died is made again; the others stay
    Pod victim = servers.get(0);
    // killed and waited for: until the server has exited it still holds its sockets
    assertThat(kernel.netns().killProcesses(victim.netns())).hasSize(1);
    ValidationReport afterKill = up.validate(true);
    assertThat(afterKill.failures()).isEmpty();
    assertThat(afterKill.ready()).isTrue();
    List<Pod> third = probePods(up);
    assertThat(third)
        .filteredOn(p -> p.name().equals(victim.name()))
        .singleElement()
        .satisfies(p -> assertThat(p.containerId()).isNotEqualTo(victim.containerId()));
    assertThat(third)
        .filteredOn(p -> !p.name().equals(victim.name()))
        .containsExactlyInAnyOrderElementsOf(
            servers.stream().filter(p -> !p.name().equals(victim.name())).toList());

    // not keeping them: every probe pod, its namespace and its server go
    assertThat(up.validate(false).ready()).isTrue();
    assertThat(probePods(up)).isEmpty();
    assertThat(kernel.netns().list(up.names().prefix() + "p-jkops-validate")).isEmpty();
  }

  private static List<Pod> probePods(Up up) {
    return up.pods().list().stream()
        .filter(p -> p.namespace().equals(PolicyProbePlan.NAMESPACE))
        .toList();
  }

  private static NodeSite last(
      List<NodeSite> workers, String zone, java.util.Set<String> withClient) {
    List<NodeSite> inZone = workers.stream().filter(n -> n.zone().equals(zone)).toList();
    NodeSite last = inZone.get(inZone.size() - 1);
    assertThat(withClient)
        .as("the broken node must not carry a client pod")
        .doesNotContain(last.node());
    return last;
  }

  @Test
  void cniWithoutAProviderSaysKubeDnsCannotStart() {
    Up up = up("cni");
    ValidationReport r = up.validate();
    assertThat(r.ready()).isFalse();
    assertThat(r.failures())
        .anyMatch(
            f ->
                f.kind().equals("Pod")
                    && f.name().equals("kube-system/kube-dns-1")
                    && f.message().contains("is pending")
                    && f.message().contains("provider you install"));
    assertThat(r.failures())
        .anyMatch(f -> f.kind().equals("Node") && f.message().contains("network plugin not ready"));
    assertThat(r.connectivity()).isEmpty();
    assertThat(up.pods().list()).isEmpty();
  }
}
