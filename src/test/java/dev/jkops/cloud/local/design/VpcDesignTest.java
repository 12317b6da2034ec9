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
    CreateClusterOptions o =
        new CreateClusterOptions(
            "vpcdesign.jkops.local",
            "local",
            zones,
            List.of(),
            null,
            networking,
            null,
            false,
            List.of(),
            null,
            2,
            null,
            null,
            List.of(),
            List.of(),
            null,
            List.of(),
            List.of(),
            null);
    ClusterBundle created = ClusterDefaults.create(o);
    ClusterBundle completed =
        new ClusterBundle(ClusterCompletion.complete(created), created.instanceGroups());
    NetworkPlan plan = NetworkPlanner.plan(completed, IpamState.empty());
    return LocalDesign.of(
            ClusterNames.of(completed.name(), Path.of("/nonexistent")),
            plan,
            completed.cluster().spec().subnetsOrEmpty())
        .resources();
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
}
