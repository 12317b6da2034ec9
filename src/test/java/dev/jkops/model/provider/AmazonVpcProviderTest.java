package dev.jkops.model.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.FieldError;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.YamlCodec;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkProviders;
import dev.jkops.model.TestClusters;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmazonVpcProviderTest {
  @Test
  void bothFlagValuesGiveAmazonVpc() {
    assertThat(NetworkingSpec.fromFlag("amazonvpc"))
        .isEqualTo(NetworkingSpec.fromFlag("amazon-vpc-routed-eni"))
        .isInstanceOf(NetworkingSpec.AmazonVpc.class);
  }

  @Test
  void onAwsPodsGetJumboFramesKopsAddonAndTheEniGrants() {
    NetworkPlan plan = Plans.aws("amazonvpc", "1.34.0");
    assertThat(plan.mtu()).isEqualTo(9001);
    assertThat(plan.addons().get(0).manifestPath())
        .isEqualTo("networking.amazon-vpc-routed-eni/k8s-1.16.yaml");
    assertThat(plan.addons().get(0).manifest())
        .contains(
            "amazon-k8s-cni:v1.23.0",
            "amazon-k8s-cni-init:v1.23.0",
            "aws-network-policy-agent:v1.4.1",
            "name: \"AWS_VPC_ENI_MTU\"\n              value: \"9001\"");
    assertThat(plan.iamActions())
        .contains(
            "ec2:AssignPrivateIpAddresses",
            "ec2:CreateNetworkInterface",
            "ec2:AttachNetworkInterface",
            "ec2:UnassignPrivateIpAddresses");
    assertThat(plan.routes()).isEmpty();
    assertThat(plan.enforcesNetworkPolicy()).isFalse();
  }

  @Test
  void kubeProxyGetsNoClusterCidrAsKopsGivesNone() {
    var completed = ClusterCompletion.complete(TestClusters.oneZone("c.example.com", "amazonvpc"));
    assertThat(
            completed.spec().kubeProxy() == null
                || completed.spec().kubeProxy().clusterCIDR() == null)
        .isTrue();
  }

  @Test
  void isRefusedOnTheLocalCloudWithKopsMessageAndWhy() {
    ClusterBundle local =
        Plans.onCloud(TestClusters.oneZone("c.example.com", "amazonvpc"), "local");
    List<FieldError> errors = NetworkProviders.validate(local);
    assertThat(errors).extracting(FieldError::path).containsExactly("spec.networking.amazonVPC");
    assertThat(errors.get(0).toString())
        .contains("amazon-vpc-routed-eni networking is supported only in AWS")
        .contains("no ENIs");
    assertThatThrownBy(() -> Plans.local("amazonvpc", "1.34.0"))
        .hasMessageContaining("supported only in AWS");
  }

  @Test
  void imagesAndEnvFromTheSpecOverrideKopsDefaults() throws Exception {
    String yaml =
        """
        apiVersion: kops.k8s.io/v1alpha2
        kind: Cluster
        metadata: {name: c.example.com}
        spec:
          networking:
            amazonVPC:
              imageName: example.com/cni:v9
              env: [{name: WARM_IP_TARGET, value: "5"}]
        """;
    NetworkingSpec.AmazonVpc spec =
        (NetworkingSpec.AmazonVpc)
            YamlCodec.read(yaml, "c.yaml").clusters().get(0).spec().networking();
    assertThat(spec.imageName()).isEqualTo("example.com/cni:v9");
    String manifest = Plans.aws(spec).addons().get(0).manifest();
    assertThat(manifest)
        .contains(
            "image: \"example.com/cni:v9\"",
            "name: \"WARM_IP_TARGET\"\n              value: \"5\"");
    assertThat(spec.extra()).containsKey("env");
  }

  @Test
  void gceIsRefusedSayingJkopsHasNoGceCloud() {
    assertThatThrownBy(() -> NetworkingSpec.fromFlag("gce"))
        .hasMessageContaining("jkops has no GCE cloud");
  }
}
