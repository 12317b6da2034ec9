package dev.jkops.model.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.DataPlane;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.TestClusters;
import org.junit.jupiter.api.Test;

class KopeioProviderTest {
  @Test
  void joinsKubenetStyleNodesWithAVxlanOverlayOnUdp4789() {
    NetworkPlan plan = Plans.local("kopeio-vxlan", "1.34.0");
    assertThat(plan.dataPlane()).isEqualTo(new DataPlane.Vxlan(1, 4789, 1450, "vxlan1"));
    assertThat(plan.nodeConfig("nodes-1").orElseThrow().cniFiles().get(0).content())
        .contains("\"mtu\": 1450");
    assertThat(plan.routes()).isEmpty();
    assertThat(plan.addons().get(0).manifest()).contains("kopeio/networking-agent:1.0.20181028");
  }

  @Test
  void worksInAPrivateTopologyAsKops2017sPrivateDefault() {
    assertThat(
            new KopeioProvider(new NetworkingSpec.Kopeio(null))
                .validate(
                    TestClusters.threeZonesPrivate("p.example.com", "kopeio-vxlan", "1.34.0")))
        .isEmpty();
  }

  @Test
  void warnsThatUpstreamIsArchived() {
    assertThat(Plans.aws("kopeio-vxlan", "1.34.0").warnings())
        .anyMatch(w -> w.contains("archived"));
  }
}
