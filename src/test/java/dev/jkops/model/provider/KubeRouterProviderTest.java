package dev.jkops.model.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSpecBuilder;
import dev.jkops.api.FieldError;
import dev.jkops.api.KubeProxyConfig;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.YamlCodec;
import dev.jkops.model.DataPlane;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkProviders;
import dev.jkops.model.Role;
import dev.jkops.model.TestClusters;
import org.junit.jupiter.api.Test;

class KubeRouterProviderTest {
  @Test
  void routesNodeRangesAsItsBgpSpeakerDoesAndEnforcesNetworkPolicy() {
    NetworkPlan plan = Plans.local("kube-router", "1.34.0");
    assertThat(plan.mode()).isEqualTo("kube-router");
    assertThat(plan.dataPlane()).isEqualTo(new DataPlane.HostRoutes(1480));
    assertThat(plan.enforcesNetworkPolicy()).isTrue();
    assertThat(plan.sourceDestCheck()).containsEntry(Role.NODE, false);
  }

  @Test
  void opensIpInIpFromNodesToMastersAsKopsDoesAndAdmitsBgp() {
    NetworkPlan plan = Plans.aws("kube-router", "1.34.0");
    assertThat(plan.firewallRules())
        .anyMatch(
            r ->
                r.name("c.example.com")
                    .equals("from-nodes-c-example-com-ingress-4-0to0-masters-c-example-com"));
    assertThat(plan.mtu()).isEqualTo(9001 - 20);
    assertThat(plan.iamActions()).containsExactly("ec2:ModifyInstanceAttribute");
    assertThat(plan.addons().get(0).manifest())
        .contains(
            "docker.io/cloudnativelabs/kube-router:v2.11.1",
            "--service-cluster-ip-range=100.64.0.0/13")
        .doesNotContain("nftables");
    assertThat(plan.addons().get(0).name()).isEqualTo("networking.kuberouter");
    assertThat(plan.addons().get(0).id()).isEqualTo("k8s-1.12");
  }

  @Test
  void createClusterDisablesKubeProxyAndARunningKubeProxyIsRefusedWithKopsMessage() {
    ClusterBundle created = TestClusters.oneZone("c.example.com", "kube-router", "1.34.0", 2, 2);
    assertThat(created.cluster().spec().kubeProxy().enabled()).isFalse();
    assertThat(NetworkProviders.validate(created)).isEmpty();
    ClusterSpecBuilder s = created.cluster().spec().toBuilder();
    s.kubeProxy = new KubeProxyConfig(null, true, null);
    ClusterBundle on =
        new ClusterBundle(created.cluster().withSpec(s.build()), created.instanceGroups());
    assertThat(NetworkProviders.validate(on))
        .extracting(FieldError::path)
        .containsExactly("spec.kubeProxy.enabled");
    assertThat(NetworkProviders.validate(on).get(0).toString())
        .contains("kube-router requires kubeProxy to be disabled");
  }

  @Test
  void readsBothSpellingsOfTheKeyAndWritesKopsV1alpha2One() throws Exception {
    for (String key : new String[] {"kuberouter", "kubeRouter"}) {
      String yaml =
          "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: c.example.com}\nspec:\n"
              + "  networking:\n    "
              + key
              + ": {useNFTablesForNetpol: true}\n";
      var c = YamlCodec.read(yaml, "c.yaml").clusters().get(0);
      assertThat(c.spec().networking()).isEqualTo(new NetworkingSpec.KubeRouter(true, null));
      assertThat(YamlCodec.toYaml(c))
          .contains("kuberouter:")
          .contains("useNFTablesForNetpol: true");
    }
  }
}
