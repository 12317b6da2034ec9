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
  void theLocalConflistIsJsonWithAnAsciiMtuWhateverTheLocale() throws Exception {
    String conf =
        dev.jkops.api.ForeignDigits.call(
                () ->
                    AmazonVpcProvider.localConflist(
                        dev.jkops.api.Cidr.parse("172.20.32.0/26"), 9001))
            .content();
    assertThat(dev.jkops.api.ForeignDigits.ascii(conf)).as(conf).isTrue();
    assertThat(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(conf)
                .at("/plugins/0/mtu")
                .intValue())
        .isEqualTo(9001);
  }

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
  void isRefusedOnACloudWithoutENIsWithKopsMessageAndWhy() {
    ClusterBundle gce = Plans.onCloud(TestClusters.oneZone("c.example.com", "amazonvpc"), "gce");
    List<FieldError> errors = NetworkProviders.validate(gce);
    assertThat(errors).extracting(FieldError::path).containsExactly("spec.networking.amazonVPC");
    assertThat(errors.get(0).toString())
        .contains("amazon-vpc-routed-eni networking is supported only in AWS")
        .contains("no ENIs");
  }

  @Test
  void onTheLocalCloudEachNodesPodsTakeABlockOfItsOwnSubnetOverPtp() {
    NetworkPlan plan = Plans.local("amazonvpc", "1.34.0");
    var nodes = plan.instances().stream().filter(i -> plan.podRange(i.name()).isPresent()).toList();
    assertThat(nodes).isNotEmpty();
    for (var n : nodes) {
      var block = plan.podRange(n.name()).orElseThrow();
      assertThat(block.prefix()).isEqualTo(27);
      assertThat(n.subnetCidr().contains(block)).as(n.name() + " " + block).isTrue();
      assertThat(block.contains(dev.jkops.api.Cidr.parseAddress(n.privateAddress(), ""))).isFalse();
    }
    assertThat(nodes.stream().map(n -> plan.podRange(n.name()).orElseThrow()).distinct())
        .hasSize(nodes.size());
    var conf =
        plan.nodeConfigs().stream()
            .filter(c -> c.instance().equals(nodes.get(0).name()))
            .findFirst()
            .orElseThrow()
            .providerCni()
            .orElseThrow();
    assertThat(conf.name()).isEqualTo("10-aws.conflist");
    assertThat(conf.content())
        .contains("\"type\": \"ptp\"")
        .contains(plan.podRange(nodes.get(0).name()).orElseThrow().toString())
        .contains("\"mtu\": " + plan.linkMtu());
    assertThat(plan.mtu()).isEqualTo(plan.linkMtu());
    assertThat(plan.enforcesNetworkPolicy()).isFalse();
    assertThat(plan.routes()).isEmpty();
    // the VPC counts each block as its node's own, as AWS an ENI's secondary addresses
    assertThat(plan.sourceDestCheck())
        .isNotEmpty()
        .allSatisfy((role, on) -> assertThat(on).isTrue());
  }

  @Test
  void onAwsTheNodesKeepTheirControllerManagerRangesAndNoConflist() {
    NetworkPlan plan = Plans.aws("amazonvpc", "1.34.0");
    assertThat(plan.nodeConfigs()).allMatch(c -> c.providerCni().isEmpty());
    assertThat(plan.ipam().podRanges().values()).allMatch(plan.podCIDR()::contains);
    assertThat(plan.dataPlane()).isInstanceOf(dev.jkops.model.DataPlane.None.class);
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
