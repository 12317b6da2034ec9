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
    CreateClusterOptions o =
        new CreateClusterOptions(
            "vpcdesign.jkops.local",
            "local",
            zones,
            List.of(),
            null,
            "calico",
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
        .resources()
        .stream()
        .filter(LocalInstance.class::isInstance)
        .map(LocalInstance.class::cast)
        .toList();
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
}
