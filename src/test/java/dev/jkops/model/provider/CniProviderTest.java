package dev.jkops.model.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.model.DataPlane;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NodeNetworkConfig;
import org.junit.jupiter.api.Test;

class CniProviderTest {
  @Test
  void beforeKubernetes124TheKubeletUsesCniWithItsDirectories() {
    NodeNetworkConfig n = Plans.aws("cni", "1.20.0").nodeConfig("nodes-1").orElseThrow();
    assertThat(n.kubeletArgs())
        .containsExactly(
            "--network-plugin=cni",
            "--cni-bin-dir=/opt/cni/bin",
            "--cni-conf-dir=/etc/cni/net.d",
            "--non-masquerade-cidr=100.64.0.0/10");
  }

  @Test
  void nodesGetNoCniFilesAndNoDataPlaneUntilAProviderIsInstalled() {
    NetworkPlan plan = Plans.local("cni", "1.34.0");
    NodeNetworkConfig n = plan.nodeConfig("nodes-1").orElseThrow();
    assertThat(n.cniFiles()).isEmpty();
    assertThat(n.providerCni()).isEmpty();
    assertThat(plan.dataPlane())
        .isInstanceOfSatisfying(
            DataPlane.None.class, d -> assertThat(d.reason()).contains("/etc/cni/net.d is empty"));
    assertThat(plan.controlPlane().configureCloudRoutes()).isFalse();
  }
}
