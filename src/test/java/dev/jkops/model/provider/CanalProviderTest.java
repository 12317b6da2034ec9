package dev.jkops.model.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.model.DataPlane;
import dev.jkops.model.NetworkPlan;
import org.junit.jupiter.api.Test;

class CanalProviderTest {
  @Test
  void carriesPodsOnFlannelVxlanAndEnforcesPolicyWithCalico() {
    NetworkPlan plan = Plans.local("canal", "1.34.0");
    assertThat(plan.dataPlane()).isEqualTo(new DataPlane.Vxlan(1, 8472, 1450, "flannel.1"));
    assertThat(plan.enforcesNetworkPolicy()).isTrue();
    String m = plan.addons().get(0).manifest();
    assertThat(plan.addons().get(0).name()).isEqualTo("networking.projectcalico.org.canal");
    assertThat(m)
        .contains(
            "docker.io/calico/node:v3.31.6",
            "ghcr.io/flannel-io/flannel:v0.28.9",
            "value: none",
            "\"Network\": \"100.96.0.0/11\"");
  }

  @Test
  void keepsTheSourceDestCheckOnLikeFlannel() {
    assertThat(Plans.aws("canal", "1.34.0").sourceDestCheck().values()).containsOnly(true);
  }
}
