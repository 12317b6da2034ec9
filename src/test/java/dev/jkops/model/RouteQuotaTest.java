package dev.jkops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.CloudConfig;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSpecBuilder;
import dev.jkops.model.ipam.IpamState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteQuotaTest {

  @Test
  void refusesAKubenetPlanWhoseNodesAtMaxSizeOverflowTheDefaultQuota() {
    ClusterBundle b = TestClusters.oneZone("c.example.com", "kubenet", "1.34.0", 3, 48);
    CloudFacts facts = CloudFacts.forCloud("aws").withExistingRoutes(2, Optional.empty());
    assertThatThrownBy(() -> NetworkPlanner.plan(b, IpamState.empty(), facts))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("may grow to 49 nodes")
        .hasMessageContaining("already holds 2 other routes")
        .hasMessageContaining("needs 51 routes but the quota is 50")
        .hasMessageContaining("spec.cloudConfig.routeTableQuota")
        .hasMessageContaining("CNI provider")
        .hasMessageContaining("Nothing was changed");
  }

  @Test
  void acceptsExactlyAFullTable() {
    ClusterBundle b = TestClusters.oneZone("c.example.com", "kubenet", "1.34.0", 3, 47);
    NetworkPlan plan =
        NetworkPlanner.plan(
            b,
            IpamState.empty(),
            CloudFacts.forCloud("aws").withExistingRoutes(2, Optional.empty()));
    assertThat(plan.routeQuota()).isEqualTo(new RouteQuota(50, 2, 4, 48));
    assertThat(plan.routeQuota().fits()).isTrue();
    assertThat(plan.warnings()).isEmpty();
  }

  @Test
  void aRaisedQuotaAdmitsTheClusterWithAWarningAboutLargeTables() {
    ClusterBundle b =
        withQuota(TestClusters.oneZone("c.example.com", "kubenet", "1.34.0", 3, 200), 300);
    NetworkPlan plan = NetworkPlanner.plan(b, IpamState.empty());
    assertThat(plan.routeQuota().quota()).isEqualTo(300);
    assertThat(plan.warnings())
        .anyMatch(w -> w.contains("above AWS' default of 50") && w.contains("performance"));
  }

  @Test
  void refusesAQuotaAboveAThousand() {
    ClusterBundle b = withQuota(TestClusters.oneZone("c.example.com", "kubenet"), 1001);
    assertThatThrownBy(() -> NetworkPlanner.plan(b, IpamState.empty()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("outside 1..1000");
  }

  @Test
  void classicCountsRoutesLikeKubenet() {
    ClusterBundle b = TestClusters.oneZone("c.example.com", "classic", "1.4.12", 3, 60);
    assertThatThrownBy(() -> NetworkPlanner.plan(b, IpamState.empty()))
        .hasMessageContaining("networking classic needs one route per node");
  }

  @Test
  void cniProvidersIgnoreTheQuotaSinceTheyAddNoRoutes() {
    ClusterBundle b = TestClusters.oneZone("c.example.com", "calico", "1.34.0", 3, 500);
    assertThat(NetworkPlanner.plan(b, IpamState.empty()).routes()).isEmpty();
  }

  @Test
  void refusesARouteTableTaggedForAnotherCluster() {
    ClusterBundle b = TestClusters.oneZone("c.example.com", "kubenet");
    CloudFacts facts =
        CloudFacts.forCloud("aws").withExistingRoutes(1, Optional.of("other.example.com"));
    assertThatThrownBy(() -> NetworkPlanner.plan(b, IpamState.empty(), facts))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("KubernetesCluster=other.example.com")
        .hasMessageContaining("belongs to another cluster");
  }

  @Test
  void acceptsARouteTableTaggedForThisCluster() {
    ClusterBundle b = TestClusters.oneZone("c.example.com", "kubenet");
    CloudFacts facts =
        CloudFacts.forCloud("aws").withExistingRoutes(1, Optional.of("c.example.com"));
    assertThat(NetworkPlanner.plan(b, IpamState.empty(), facts).routes()).hasSize(3);
  }

  static ClusterBundle withQuota(ClusterBundle b, int quota) {
    ClusterSpecBuilder s = b.cluster().spec().toBuilder();
    s.cloudConfig = new CloudConfig(quota, null);
    return new ClusterBundle(b.cluster().withSpec(s.build()), b.instanceGroups());
  }
}
