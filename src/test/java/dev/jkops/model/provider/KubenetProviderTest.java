package dev.jkops.model.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.DataPlane;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NodeNetworkConfig;
import dev.jkops.model.TestClusters;
import org.junit.jupiter.api.Test;

class KubenetProviderTest {
  final KubenetProvider kubenet = new KubenetProvider(new NetworkingSpec.Kubenet(null));

  @Test
  void beforeKubernetes124TheKubeletGetsTheKubenetPluginWithAwsMtuAndTheMasqueradeRange() {
    NodeNetworkConfig n = Plans.aws("kubenet", "1.14.0").nodeConfig("nodes-1").orElseThrow();
    assertThat(n.kubeletArgs())
        .containsExactly(
            "--network-plugin=kubenet",
            "--network-plugin-mtu=9001",
            "--non-masquerade-cidr=100.64.0.0/10");
    assertThat(n.cniFiles()).isEmpty();
    assertThat(n.masqueradeExcept()).contains(dev.jkops.api.Cidr.parse("100.64.0.0/10"));
  }

  @Test
  void fromKubernetes124TheNodeGetsABridgeConflistOnItsOwnPodRange() {
    NetworkPlan plan = Plans.local("kubenet", "1.34.0");
    NodeNetworkConfig n = plan.nodeConfig("nodes-1").orElseThrow();
    assertThat(n.kubeletFlags()).isEmpty();
    assertThat(n.cniFiles())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path()).isEqualTo("/etc/cni/net.d/10-kubenet.conflist");
              assertThat(f.content())
                  .contains(
                      "\"type\": \"bridge\"",
                      "\"bridge\": \"cbr0\"",
                      "\"type\": \"host-local\"",
                      "\"subnet\": \"100.96.1.0/24\"",
                      "\"type\": \"portmap\"",
                      "\"mtu\": 1500",
                      "\"ipMasq\": false");
            });
  }

  @Test
  void needsCloudRoutesTheSourceDestCheckOffAndRouteIamActions() {
    NetworkPlan plan = Plans.aws("kubenet", "1.34.0");
    assertThat(plan.controlPlane().configureCloudRoutes()).isTrue();
    assertThat(plan.controlPlane().controllerManagerArgs())
        .contains(
            "--allocate-node-cidrs=true",
            "--configure-cloud-routes=true",
            "--cluster-cidr=100.96.0.0/11",
            "--node-cidr-mask-size=24");
    assertThat(plan.iamActions()).contains("ec2:CreateRoute", "ec2:DeleteRoute");
    assertThat(plan.dataPlane()).isEqualTo(new DataPlane.VpcRoutes("cbr0", 9001));
    assertThat(plan.enforcesNetworkPolicy()).isFalse();
    assertThat(plan.addons()).isEmpty();
  }

  @Test
  void refusesKubenetWithPrivateTopology() {
    assertThat(
            kubenet.validate(TestClusters.threeZonesPrivate("p.example.com", "kubenet", "1.34.0")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path()).isEqualTo("spec.networking.kubenet");
              assertThat(e.detail()).contains("single route table", "calico");
            });
  }
}
