package dev.jkops.model.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterValidator;
import dev.jkops.api.FieldError;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.YamlCodec;
import dev.jkops.model.DataPlane;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkProviders;
import dev.jkops.model.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class KindnetProviderTest {
  static NetworkingSpec.Kindnet kindnet() {
    return new NetworkingSpec.Kindnet(null, null, null, null, null, null, null, null);
  }

  @Test
  void routesEveryNodesRangeViaThatNodeAtTheFullLinkMtuWithTheSourceDestCheckOff() {
    NetworkPlan plan = Plans.local("kindnet", "1.34.0");
    assertThat(plan.mode()).isEqualTo("kindnet");
    assertThat(plan.dataPlane()).isEqualTo(new DataPlane.HostRoutes(1500));
    assertThat(plan.sourceDestCheck()).containsEntry(Role.NODE, false);
    assertThat(plan.routes()).isEmpty();
  }

  @Test
  void enforcesNetworkPolicyUnlessTheSpecTurnsItOff() {
    assertThat(Plans.local("kindnet", "1.34.0").enforcesNetworkPolicy()).isTrue();
    NetworkPlan off =
        Plans.local(new NetworkingSpec.Kindnet(null, false, null, null, null, null, null, null));
    assertThat(off.enforcesNetworkPolicy()).isFalse();
    assertThat(off.addons().get(0).manifest()).contains("--network-policy=false");
  }

  @Test
  void getsAwsJumboFramesAndKopsNodeGrant() {
    NetworkPlan plan = Plans.aws("kindnet", "1.34.0");
    assertThat(plan.mtu()).isEqualTo(9001);
    assertThat(plan.iamActions()).containsExactly("ec2:ModifyInstanceAttribute");
  }

  @Test
  void refusesAMalformedNonMasqueradeCidrAtItsPath() {
    ClusterBundle b =
        bundleWith(
            new NetworkingSpec.Kindnet(
                null,
                null,
                null,
                null,
                null,
                new NetworkingSpec.KindnetMasquerade(true, List.of("172.20.0.0/16", "10.0.0.0/33")),
                null,
                null));
    assertThat(NetworkProviders.validate(b))
        .extracting(FieldError::path)
        .containsExactly("spec.networking.kindnet.masquerade.nonMasqueradeCIDRs[1]");
  }

  @Test
  void refusesAdminNetworkPoliciesWhoseCrdsJkopsDoesNotInstall() {
    ClusterBundle b =
        bundleWith(
            new NetworkingSpec.Kindnet(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                java.util.Map.of("adminNetworkPolicies", true)));
    assertThat(NetworkProviders.validate(b))
        .extracting(FieldError::path)
        .containsExactly("spec.networking.kindnet.adminNetworkPolicies");
  }

  @Test
  void readsAndWritesKopsFieldsThroughTheSpecCodec() throws Exception {
    String yaml =
        """
        apiVersion: kops.k8s.io/v1alpha2
        kind: Cluster
        metadata: {name: c.example.com}
        spec:
          cloudProvider: aws
          kubernetesVersion: v1.34.0
          networking:
            kindnet:
              version: v1.0.0
              networkPolicies: false
              masquerade: {enabled: true, nonMasqueradeCIDRs: [10.0.0.0/8]}
              fastPathThreshold: 3
              logLevel: 4
              someFutureOption: x
        """;
    var c = YamlCodec.read(yaml, "c.yaml").clusters().get(0);
    NetworkingSpec.Kindnet k = (NetworkingSpec.Kindnet) c.spec().networking();
    assertThat(k.version()).isEqualTo("v1.0.0");
    assertThat(k.networkPolicies()).isFalse();
    assertThat(k.masquerade().nonMasqueradeCIDRs()).containsExactly("10.0.0.0/8");
    assertThat(k.extra()).containsEntry("someFutureOption", "x");
    var again = YamlCodec.read(YamlCodec.toYaml(c), "again.yaml").clusters().get(0);
    assertThat(again.spec().networking()).isEqualTo(k);
  }

  @Test
  void createClusterMakesAValidKindnetCluster() {
    ClusterBundle b =
        dev.jkops.model.TestClusters.oneZone("c.example.com", "kindnet", "1.34.0", 2, 2);
    assertThat(ClusterValidator.validate(b)).isEmpty();
    assertThat(NetworkProviders.validate(b)).isEmpty();
  }

  private static ClusterBundle bundleWith(NetworkingSpec spec) {
    return Plans.with(
        dev.jkops.model.TestClusters.oneZone("c.example.com", "kindnet", "1.34.0", 2, 2), spec);
  }
}
