package dev.jkops.model.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.model.DataPlane;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.Role;
import org.junit.jupiter.api.Test;

class RomanaProviderTest {
  @Test
  void routesPerHostRangesAtTheFullLinkMtuWithTheSourceDestCheckOff() {
    NetworkPlan plan = Plans.local("romana", "1.34.0");
    assertThat(plan.dataPlane()).isEqualTo(new DataPlane.HostRoutes(1500));
    assertThat(plan.sourceDestCheck()).containsEntry(Role.NODE, false);
    assertThat(plan.enforcesNetworkPolicy()).isTrue();
  }

  @Test
  void opensTheClustersEtcdToNodesAsKopsDidForRomana() {
    NetworkPlan plan = Plans.aws("romana", "1.34.0");
    assertThat(plan.firewallRules())
        .anyMatch(
            r ->
                r.name("c.example.com")
                    .equals(
                        "from-nodes-c-example-com-ingress-tcp-4001to4001-masters-c-example-com"));
    assertThat(plan.addons().get(0).manifest())
        .contains("clusterIP: 100.64.0.99", "quay.io/romana/agent:v2.0.2");
  }
}
