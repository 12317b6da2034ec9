package dev.jkops.model.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.model.DataPlane;
import dev.jkops.model.NetworkPlan;
import org.junit.jupiter.api.Test;

class ExternalProviderTest {
  @Test
  void setsNodesUpLikeKubenetButLeavesTheNetworkBetweenNodesToTheUser() {
    NetworkPlan plan = Plans.aws("external", "1.20.0");
    assertThat(plan.nodeConfig("nodes-1").orElseThrow().kubeletArgs())
        .contains("--network-plugin=kubenet");
    assertThat(plan.controlPlane().allocateNodeCIDRs()).isTrue();
    assertThat(plan.controlPlane().configureCloudRoutes()).isFalse();
    assertThat(plan.routes()).isEmpty();
    assertThat(plan.addons()).isEmpty();
    assertThat(plan.dataPlane())
        .isInstanceOfSatisfying(
            DataPlane.None.class, n -> assertThat(n.reason()).contains("kube-dns cannot start"));
  }

  @Test
  void fromKubernetes124NodesGetKopsKubenetStyleConflist() {
    assertThat(Plans.aws("external", "1.34.0").nodeConfig("nodes-1").orElseThrow().cniFiles())
        .singleElement()
        .satisfies(f -> assertThat(f.name()).isEqualTo("10-kubenet.conflist"));
  }
}
