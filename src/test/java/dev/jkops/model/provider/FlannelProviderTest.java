package dev.jkops.model.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.DataPlane;
import dev.jkops.model.NetworkPlan;
import org.junit.jupiter.api.Test;

class FlannelProviderTest {
  @Test
  void vxlanBackendUsesVni1Port8472AndLinkMtuLess50() {
    NetworkPlan plan = Plans.local("flannel-vxlan", "1.34.0");
    assertThat(plan.mode()).isEqualTo("flannel-vxlan");
    assertThat(plan.dataPlane()).isEqualTo(new DataPlane.Vxlan(1, 8472, 1450, "flannel.1"));
    assertThat(Plans.aws("flannel-vxlan", "1.34.0").mtu()).isEqualTo(8951);
    assertThat(plan.addons().get(0).manifest())
        .contains("\"Type\": \"vxlan\"", "\"Network\": \"100.64.0.0/10\"");
  }

  @Test
  void udpBackendUsesATunOnPort8285AndWarnsItIsForDebugging() {
    NetworkPlan plan = Plans.local("flannel-udp", "1.34.0");
    assertThat(plan.mode()).isEqualTo("flannel-udp");
    assertThat(plan.dataPlane()).isEqualTo(new DataPlane.FlannelUdp(8285, 1472, "flannel0"));
    assertThat(plan.addons().get(0).manifest()).contains("\"Type\": \"udp\"");
    assertThat(plan.warnings()).anyMatch(w -> w.contains("debugging"));
  }

  @Test
  void refusesAnUnknownBackendWithTheSupportedValues() {
    assertThat(
            new FlannelProvider(new NetworkingSpec.Flannel("host-gw", null))
                .validate(
                    Plans.with(
                        dev.jkops.model.TestClusters.oneZone("c.example.com", "flannel"),
                        new NetworkingSpec.Flannel("host-gw", null))))
        .singleElement()
        .hasToString(
            "spec.networking.flannel.backend: Unsupported value: \"host-gw\": supported values: \"udp\", \"vxlan\"");
  }

  @Test
  void doesNotEnforcePolicyAndKeepsTheSourceDestCheck() {
    NetworkPlan plan = Plans.aws("flannel", "1.34.0");
    assertThat(plan.enforcesNetworkPolicy()).isFalse();
    assertThat(plan.sourceDestCheck().values()).containsOnly(true);
    assertThat(plan.nodeConfig("nodes-1").orElseThrow().masqueradeExcept())
        .as("flanneld --ip-masq does it")
        .isEmpty();
  }
}
