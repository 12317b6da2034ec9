package dev.jkops.cloud.local.design;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterDefaults;
import dev.jkops.api.CreateClusterOptions;
import dev.jkops.cloud.local.resources.LocalInstance;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Instances route through the VPC router only what their own subnet does not already reach on-link.
 */
class VpcDesignTest {

  private static List<LocalInstance> instances(List<String> zones) {
    return design(zones, "calico").stream()
        .filter(LocalInstance.class::isInstance)
        .map(LocalInstance.class::cast)
        .toList();
  }

  private static List<dev.jkops.cloud.local.resources.LocalResource> design(
      List<String> zones, String networking) {
    ClusterBundle completed = completed(zones, networking);
    return LocalDesign.of(
            ClusterNames.of(completed.name(), Path.of("/nonexistent")),
            NetworkPlanner.plan(completed, IpamState.empty()),
            completed.cluster().spec().subnetsOrEmpty())
        .resources();
  }

  private static ClusterBundle completed(List<String> zones, String networking) {
    CreateClusterOptions o =
        CreateClusterOptions.builder("vpcdesign.jkops.local", zones)
            .cloud("local")
            .networking(networking)
            .nodeCount(2)
            .build();
    ClusterBundle created = ClusterDefaults.create(o);
    return new ClusterBundle(ClusterCompletion.complete(created), created.instanceGroups());
  }

  @Test
  void aOneZoneClusterKeepsItsSubnetOnLink() {
    List<LocalInstance> all = instances(List.of("zone-a"));
    assertThat(all)
        .isNotEmpty()
        .allSatisfy(
            i -> {
              assertThat(i.vpcRanges())
                  .doesNotContain("172.20.0.0/16"); // the subnet is the whole VPC
              assertThat(i.vpcRanges()).containsExactly("100.96.0.0/11");
            });
  }

  @Test
  void severalZonesRouteTheRestOfTheVpcThroughTheRouter() {
    assertThat(instances(List.of("zone-a", "zone-b")))
        .isNotEmpty()
        .allSatisfy(
            i -> assertThat(i.vpcRanges()).containsExactly("100.96.0.0/11", "172.20.0.0/16"));
  }

  /**
   * amazonvpc: every instance keeps the source/dest check on and holds its pod block (inside its
   * own subnet) as secondary addresses, and nothing routes a block, neither the VPC's route tables
   * nor the nodes, as on AWS.
   */
  @Test
  void amazonvpcNodesHoldTheirBlocksWithTheCheckOnAndNoRoutes() {
    var resources = design(List.of("zone-a", "zone-b"), "amazonvpc");
    List<LocalInstance> all =
        resources.stream()
            .filter(LocalInstance.class::isInstance)
            .map(LocalInstance.class::cast)
            .toList();
    assertThat(all).isNotEmpty().allSatisfy(i -> assertThat(i.sourceDestCheck()).isTrue());
    List<LocalInstance> nodes = all.stream().filter(i -> i.role().equals("nodes")).toList();
    assertThat(nodes)
        .hasSize(2)
        .allSatisfy(
            i -> {
              assertThat(i.secondaryRanges()).hasSize(1);
              assertThat(i.secondaryRanges().get(0)).endsWith("/27");
              assertThat(i.attributes())
                  .containsEntry("secondaryAddresses", i.secondaryRanges().get(0));
            });
    assertThat(resources)
        .noneMatch(r -> r instanceof dev.jkops.cloud.local.resources.VpcRoute)
        .noneMatch(r -> r instanceof dev.jkops.cloud.local.resources.NodePeers);
  }

  /**
   * While a switch from or to amazonvpc is rolled, each instance holds the secondary addresses of
   * the configuration it still runs: old amazonvpc nodes keep answering for their blocks until
   * replaced (else their pods drop off the subnet mid-roll), and old nodes of another mode hold
   * none of the blocks the new configuration would give them.
   */
  @Test
  void duringASwitchEachInstanceHoldsTheSecondaryAddressesOfTheConfigurationItRuns() {
    List<String> zones = List.of("zone-a", "zone-b");
    ClusterBundle amazonvpc = completed(zones, "amazonvpc");
    NetworkPlan vpcPlan = NetworkPlanner.plan(amazonvpc, IpamState.empty());
    NetworkPlan kubenetPlan = NetworkPlanner.plan(completed(zones, "kubenet"), IpamState.empty());
    ClusterNames names = ClusterNames.of(amazonvpc.name(), Path.of("/nonexistent"));
    var subnets = amazonvpc.cluster().spec().subnetsOrEmpty();
    java.util.Map<String, NetworkPlan> allRun = new java.util.HashMap<>();

    // amazonvpc -> kubenet, nothing rolled yet: every node still holds its amazonvpc block
    vpcPlan.instances().forEach(i -> allRun.put(i.name(), vpcPlan));
    List<LocalInstance> leaving =
        instancesOf(
            TransitionDesign.of(names, new NodeGenerations(kubenetPlan, allRun), subnets)
                .resources());
    var leavingRoutes =
        TransitionDesign.of(names, new NodeGenerations(kubenetPlan, allRun), subnets)
            .resources()
            .stream()
            .filter(dev.jkops.cloud.local.resources.VpcRoute.class::isInstance)
            .map(r -> ((dev.jkops.cloud.local.resources.VpcRoute) r).destination().toString())
            .toList();
    assertThat(leavingRoutes)
        .as("old nodes' blocks and new ranges both routed while the roll runs")
        .contains(
            vpcPlan.podRange("nodes-zone-a-1").orElseThrow().toString(),
            kubenetPlan.podRange("nodes-zone-a-1").orElseThrow().toString());
    // the security groups count an old node's block as the node's: its pods' packets are admitted
    assertThat(
            TransitionDesign.of(names, new NodeGenerations(kubenetPlan, allRun), subnets)
                .resources()
                .stream()
                .filter(dev.jkops.cloud.local.resources.InstanceFirewall.class::isInstance)
                .map(r -> (dev.jkops.cloud.local.resources.InstanceFirewall) r)
                .filter(f -> f.instance().equals("nodes-zone-b-1"))
                .findFirst()
                .orElseThrow()
                .ruleset())
        .contains(vpcPlan.podRange("nodes-zone-a-1").orElseThrow().toString());
    assertThat(leaving.stream().filter(i -> i.role().equals("nodes")))
        .hasSize(2)
        .allSatisfy(
            i ->
                assertThat(i.secondaryRanges())
                    .containsExactly(vpcPlan.podRange(i.name()).orElseThrow().toString()));

    // kubenet -> amazonvpc, nothing rolled yet: no old node holds a block
    allRun.clear();
    kubenetPlan.instances().forEach(i -> allRun.put(i.name(), kubenetPlan));
    List<LocalInstance> arriving =
        instancesOf(
            TransitionDesign.of(names, new NodeGenerations(vpcPlan, allRun), subnets).resources());
    assertThat(arriving).isNotEmpty().allSatisfy(i -> assertThat(i.secondaryRanges()).isEmpty());
    // the old kubenet nodes' ranges stay routed by the VPC (the new plan gives them blocks)
    assertThat(
            TransitionDesign.of(names, new NodeGenerations(vpcPlan, allRun), subnets)
                .resources()
                .stream()
                .filter(dev.jkops.cloud.local.resources.VpcRoute.class::isInstance)
                .map(r -> ((dev.jkops.cloud.local.resources.VpcRoute) r).destination().toString()))
        .contains(kubenetPlan.podRange("nodes-zone-b-1").orElseThrow().toString());
  }

  private static List<LocalInstance> instancesOf(
      List<dev.jkops.cloud.local.resources.LocalResource> resources) {
    return resources.stream()
        .filter(LocalInstance.class::isInstance)
        .map(LocalInstance.class::cast)
        .toList();
  }
}
