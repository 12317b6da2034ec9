package dev.jkops.model.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.DataPlane;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NodeNetworkConfig;
import dev.jkops.model.TestClusters;
import org.junit.jupiter.api.Test;

class ClassicProviderTest {
  final ClassicProvider classic = new ClassicProvider(new NetworkingSpec.Classic(null));

  @Test
  void theKubeletConfiguresCbr0ItselfWithoutCni() {
    NetworkPlan plan = Plans.aws("classic", "1.4.12");
    NodeNetworkConfig n = plan.nodeConfig("nodes-1").orElseThrow();
    assertThat(n.configureCbr0()).isTrue();
    assertThat(n.kubeletArgs())
        .contains("--configure-cbr0=true")
        .noneMatch(a -> a.startsWith("--network-plugin"));
    assertThat(n.cniFiles()).isEmpty();
    assertThat(plan.dataPlane()).isInstanceOf(DataPlane.VpcRoutes.class);
    assertThat(plan.routes()).hasSize(3);
  }

  @Test
  void refusesClassicOnKubernetes15AndLater() {
    assertThat(classic.validate(TestClusters.oneZone("c.example.com", "classic", "1.5.0", 1, 1)))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("only up to Kubernetes 1.4", "kubenet"));
  }

  @Test
  void acceptsClassicOnKubernetes14() {
    assertThat(classic.validate(TestClusters.oneZone("c.example.com", "classic", "1.4.12", 1, 1)))
        .isEmpty();
  }

  @Test
  void refusesClassicWithPrivateTopology() {
    assertThat(
            classic.validate(TestClusters.threeZonesPrivate("p.example.com", "classic", "1.4.12")))
        .extracting(e -> e.path())
        .contains("spec.networking.classic");
  }
}
