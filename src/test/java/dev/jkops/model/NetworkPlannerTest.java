package dev.jkops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.model.ipam.IpamState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkPlannerTest {

  /** The eleven modes of issue 3, as --networking spells them. */
  static final List<String> MODES =
      List.of(
          "kubenet",
          "classic",
          "external",
          "cni",
          "kopeio-vxlan",
          "weave",
          "flannel-vxlan",
          "flannel-udp",
          "calico",
          "canal",
          "romana",
          "cilium",
          "cilium-etcd",
          "cilium-eni",
          "kindnet",
          "kube-router",
          "amazonvpc");

  /**
   * The local cloud's VPC block is worked out only when asked: on every `get networking` it cost an
   * IPv6 library's start and a SHA-256 of the name, which an IPv4 plan never needed.
   */
  @ParameterizedTest
  @ValueSource(strings = {"kubenet", "calico", "cilium", "amazonvpc"})
  void anIpv4PlanDoesNotAskForTheVpcIpv6Block(String mode) {
    ClusterBundle b = TestClusters.oneZone("c.example.com", mode);
    CloudFacts asked =
        CloudFacts.forCloud("local")
            .withIpv6VpcBlock(
                () -> {
                  throw new AssertionError("an IPv4 plan asked for the VPC's IPv6 block");
                });
    assertThat(NetworkPlanner.plan(b, IpamState.empty(), asked))
        .usingRecursiveComparison()
        .isEqualTo(NetworkPlanner.plan(b, IpamState.empty(), CloudFacts.forCloud("local")));
  }

  @Test
  void plansTheSameClusterIdenticallyEveryTime() {
    ClusterBundle b = TestClusters.threeZonesHa("c.example.com", "calico", "1.34.0");
    assertThat(NetworkPlanner.plan(b, IpamState.empty()))
        .isEqualTo(NetworkPlanner.plan(b, IpamState.empty()));
  }

  @Test
  void givesEveryMasterAndNodeALowestFreeSlash24AndBastionsNone() {
    ClusterBundle b = TestClusters.threeZonesPrivate("c.example.com", "calico", "1.34.0");
    NetworkPlan plan = NetworkPlanner.plan(b, IpamState.empty());
    assertThat(plan.ipam().podRanges())
        .containsEntry("master-us-test-1a-1", Cidr.parse("100.96.0.0/24"))
        .containsEntry("master-us-test-1b-1", Cidr.parse("100.96.1.0/24"))
        .containsEntry("master-us-test-1c-1", Cidr.parse("100.96.2.0/24"))
        .containsEntry("nodes-1", Cidr.parse("100.96.3.0/24"))
        .doesNotContainKey("bastions-1");
    assertThat(plan.nodeConfig("bastions-1").orElseThrow().podRange()).isEmpty();
  }

  @Test
  void aRerunWithTheStoredRangesKeepsEveryNodesRangeAndScalingDownReleasesOnlyTheRemovedNodes() {
    ClusterBundle b = TestClusters.oneZone("c.example.com", "kubenet", "1.34.0", 3, 5);
    NetworkPlan first = NetworkPlanner.plan(b, IpamState.empty());
    assertThat(NetworkPlanner.plan(b, first.ipam()).ipam()).isEqualTo(first.ipam());
    NetworkPlan smaller = NetworkPlanner.plan(TestClusters.resize(b, "nodes", 2, 5), first.ipam());
    assertThat(smaller.ipam().podRanges())
        .doesNotContainKey("nodes-3")
        .containsEntry("nodes-2", first.ipam().podRanges().get("nodes-2"));
    assertThat(smaller.routes()).hasSize(3);
  }

  @Test
  void kubenetPlansOneRouteToEachNodeAndCountsTheQuotaAtMaxSize() {
    ClusterBundle b = TestClusters.oneZone("c.example.com", "kubenet", "1.34.0", 2, 10);
    NetworkPlan plan =
        NetworkPlanner.plan(
            b,
            IpamState.empty(),
            CloudFacts.forCloud("aws").withExistingRoutes(2, Optional.of("c.example.com")));
    assertThat(plan.routes())
        .extracting(PodRoute::instance)
        .containsExactly("master-us-test-1a-1", "nodes-1", "nodes-2");
    assertThat(plan.routes().get(1).destination()).isEqualTo(Cidr.parse("100.96.1.0/24"));
    assertThat(plan.routeQuota()).isEqualTo(new RouteQuota(50, 2, 3, 11));
    assertThat(plan.sourceDestCheck())
        .containsEntry(Role.NODE, false)
        .containsEntry(Role.CONTROL_PLANE, false);
  }

  @Test
  void cniProvidersPlanNoRoutes() {
    NetworkPlan plan =
        NetworkPlanner.plan(TestClusters.oneZone("c.example.com", "flannel"), IpamState.empty());
    assertThat(plan.routes()).isEmpty();
    assertThat(plan.routeQuota().planned()).isZero();
    assertThat(plan.sourceDestCheck()).containsEntry(Role.NODE, true);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kubenet",
        "external",
        "cni",
        "kopeio-vxlan",
        "weave",
        "flannel-vxlan",
        "flannel-udp",
        "calico",
        "canal",
        "romana",
        "cilium",
        "cilium-etcd",
        "cilium-eni",
        "kindnet",
        "kube-router",
        "amazonvpc"
      })
  void everyModeYieldsACompletePlanForAThreeZoneHaCluster(String mode) {
    assertComplete(
        NetworkPlanner.plan(
            TestClusters.threeZonesHa("ha.example.com", mode, "1.34.0"), IpamState.empty()),
        mode,
        6);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kubenet",
        "external",
        "cni",
        "kopeio-vxlan",
        "weave",
        "flannel-vxlan",
        "flannel-udp",
        "calico",
        "canal",
        "romana",
        "cilium",
        "cilium-etcd",
        "cilium-eni",
        "kindnet",
        "kube-router",
        "amazonvpc"
      })
  void everyModeYieldsACompletePlanForAOneZoneCluster(String mode) {
    assertComplete(
        NetworkPlanner.plan(TestClusters.oneZone("one.example.com", mode), IpamState.empty()),
        mode,
        3);
  }

  @Test
  void classicYieldsCompletePlansOnTheKubernetesVersionsThatHadIt() {
    assertComplete(
        NetworkPlanner.plan(
            TestClusters.threeZonesHa("ha.example.com", "classic", "1.4.12"), IpamState.empty()),
        "classic",
        6);
    assertComplete(
        NetworkPlanner.plan(
            TestClusters.oneZone("one.example.com", "classic", "1.4.12", 2, 2), IpamState.empty()),
        "classic",
        3);
  }

  @Test
  void everyModesTestClustersPassTheApiValidatorAndTheProvidersOwnChecks() {
    for (String mode : MODES) {
      String k8s = mode.equals("classic") ? "1.4.12" : "1.34.0";
      for (ClusterBundle b :
          List.of(
              TestClusters.threeZonesHa("ha.example.com", mode, k8s),
              TestClusters.oneZone("one.example.com", mode, k8s, 2, 2))) {
        assertThat(dev.jkops.api.ClusterValidator.validate(b))
            .as("%s %s", mode, b.name())
            .isEmpty();
        assertThat(NetworkProviders.validate(b)).as("%s %s", mode, b.name()).isEmpty();
      }
    }
  }

  @Test
  void refusesAModeThatCannotWorkWithEveryReason() {
    assertThatThrownBy(
            () ->
                NetworkPlanner.plan(
                    TestClusters.threeZonesPrivate("p.example.com", "kubenet", "1.34.0"),
                    IpamState.empty()))
        .isInstanceOf(InvalidNetworkingException.class)
        .hasMessageContaining("spec.networking.kubenet")
        .hasMessageContaining("private topology");
  }

  static void assertComplete(NetworkPlan plan, String mode, int instances) {
    assertThat(plan.mode()).isEqualTo(mode);
    assertThat(plan.instances()).hasSize(instances);
    assertThat(plan.nodeConfigs()).hasSize(instances);
    assertThat(plan.ipam().podRanges()).hasSize(instances);
    for (NodeNetworkConfig n : plan.nodeConfigs()) {
      Cidr range = n.podRange().orElseThrow();
      assertThat(plan.podCIDR().contains(range)).as("%s inside %s", range, plan.podCIDR()).isTrue();
      boolean configured =
          !n.kubeletFlags().isEmpty()
              || !n.cniFiles().isEmpty()
              || n.providerCni().isPresent()
              || n.configureCbr0()
              || plan.dataPlane() instanceof DataPlane.None;
      assertThat(configured).as("node %s is configured", n.instance()).isTrue();
    }
    assertThat(plan.controlPlane().clusterCIDR()).isEqualTo(plan.podCIDR().toString());
    assertThat(plan.controlPlane().allocateNodeCIDRs()).isTrue();
    assertThat(plan.firewallRules()).isNotEmpty();
    assertThat(plan.mtu()).isBetween(576, plan.linkMtu());
    assertThat(plan.dataPlane().mtu()).isEqualTo(plan.mtu());
    boolean builtIn = !List.of("kubenet", "classic", "external", "cni").contains(mode);
    assertThat(plan.addons()).hasSize(builtIn ? 1 : 0);
    plan.addons()
        .forEach(
            a -> {
              assertThat(a.selector()).isEqualTo(Map.of("role.kubernetes.io/networking", "1"));
              assertThat(a.sha256()).hasSize(64);
            });
  }
}
