package dev.jkops.model.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.DataPlane;
import dev.jkops.model.TestClusters;
import org.junit.jupiter.api.Test;

class WeaveProviderTest {
  @Test
  void usesKops2017Mtu8912OnAwsAndWeavesDefault1376OnAnEthernetLink() {
    assertThat(Plans.aws("weave", "1.34.0").mtu()).isEqualTo(8912);
    assertThat(Plans.local("weave", "1.34.0").mtu()).isEqualTo(1376);
  }

  @Test
  void aConfiguredMtuWins() {
    assertThat(Plans.local(new NetworkingSpec.Weave(1400, null)).mtu()).isEqualTo(1400);
  }

  @Test
  void refusesAnMtuTheLinkCannotCarryWithVxlan() {
    var bundle =
        Plans.onCloud(
            Plans.with(
                TestClusters.oneZone("c.example.com", "weave"),
                new NetworkingSpec.Weave(1480, null)),
            "local");
    assertThat(new WeaveProvider(new NetworkingSpec.Weave(1480, null)).validate(bundle))
        .singleElement()
        .satisfies(e -> assertThat(e.path()).isEqualTo("spec.networking.weave.mtu"));
  }

  @Test
  void enforcesPolicyOverItsFastDatapath() {
    var plan = Plans.local("weave", "1.34.0");
    assertThat(plan.enforcesNetworkPolicy()).isTrue();
    assertThat(plan.dataPlane()).isEqualTo(new DataPlane.Vxlan(1, 6784, 1376, "vxlan-6784"));
    assertThat(plan.addons().get(0).manifest())
        .contains("weaveworks/weave-npc:2.8.1", "value: 100.96.0.0/11");
  }
}
