package dev.jkops.cloud.aws;

import static dev.jkops.testing.TerraformJson.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.tasks.DependencyOrder;
import dev.jkops.tasks.ResourceId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwsResourcesTest {

  static ClusterBundle withSubnets(ClusterBundle b, List<ClusterSubnet> subnets, String networkId) {
    var spec = b.cluster().spec();
    var changed =
        new dev.jkops.api.ClusterSpec(
            spec.cloudProvider(),
            spec.kubernetesVersion(),
            spec.networkCIDR(),
            spec.additionalNetworkCIDRs(),
            networkId,
            spec.nonMasqueradeCIDR(),
            spec.podCIDR(),
            spec.serviceClusterIPRange(),
            subnets,
            spec.topology(),
            spec.networking(),
            spec.api(),
            spec.sshAccess(),
            spec.kubernetesApiAccess(),
            spec.kubeControllerManager(),
            spec.kubeProxy(),
            spec.kubelet(),
            spec.rollingUpdate(),
            spec.cloudConfig(),
            spec.extra());
    return new ClusterBundle(b.cluster().withSpec(changed), b.instanceGroups());
  }

  @Test
  void ordersEveryResourceAfterWhatItReferences() {
    List<AwsResource> rs = AwsCases.resources(AwsCases.bundle("privatecalico@HEAD"));
    List<AwsResource> ordered = DependencyOrder.sort(rs);
    List<ResourceId> seen = new ArrayList<>();
    for (AwsResource r : ordered) {
      for (ResourceId dep : r.dependsOn()) {
        assertThat(seen).as("%s needs %s first", r.id(), dep).contains(dep);
      }
      seen.add(r.id());
    }
    assertThat(ordered.get(0).id().kind())
        .isIn(Vpc.KIND, DhcpOptions.KIND, ElasticIp.KIND, IamRole.KIND);
  }

  @Test
  void usesAnExistingVpcAsSharedAndNeverWritesItToTerraform() {
    ClusterBundle b = AwsCases.bundle("minimal-aws@HEAD");
    b = withSubnets(b, b.cluster().spec().subnets(), "vpc-12345678");
    List<AwsResource> rs = AwsCases.resources(b);
    Vpc vpc = (Vpc) rs.get(0);
    assertThat(vpc.shared()).isTrue();
    assertThat(vpc.tags()).as("kops never tags an existing VPC (its issue 4265)").isEmpty();
    Subnet subnet =
        rs.stream().filter(r -> r instanceof Subnet).map(r -> (Subnet) r).findFirst().orElseThrow();
    assertThat(subnet.vpc()).isEqualTo(Ref.existing("vpc-12345678"));
    assertThat(rs).noneMatch(r -> r instanceof DhcpOptions);
    ClusterBundle shared = b;
    assertThatThrownBy(() -> AwsTerraform.config(AwsCluster.of(shared), rs))
        .hasMessageContaining("existing VPC vpc-12345678 (spec.networkID)")
        .hasMessageContaining("internet gateway");
  }

  /**
   * kops' shared_vpc case (tests/integration/update_cluster/shared_vpc, not in the peer data here):
   * an existing VPC is never written, references to it are its id, and the public route names the
   * VPC's internet gateway by the id kops looked up in the cloud.
   */
  @Test
  void terraformForAnExistingVpcNamesTheVpcAndItsInternetGatewayByIdAsKopsDoes() throws Exception {
    ClusterBundle b = AwsCases.bundle("minimal-aws@HEAD");
    b = withSubnets(b, b.cluster().spec().subnets(), "vpc-12345678");
    var config =
        AwsTerraform.config(
            AwsCluster.of(b), AwsCases.resources(b), java.util.Optional.of("igw-1"));
    var tf =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(dev.jkops.cloud.terraform.TerraformJsonWriter.write(config));
    var res = at(tf, "resource");
    assertThat(res.has("aws_vpc")).isFalse();
    assertThat(res.has("aws_internet_gateway")).isFalse();
    assertThat(res.has("aws_vpc_dhcp_options")).isFalse();
    assertThat(res.has("aws_vpc_dhcp_options_association")).isFalse();
    var routes = at(res, "aws_route");
    assertThat(routes.size())
        .as("IPv4 default route only: kops asks no IPv6 block of a VPC it does not own")
        .isEqualTo(1);
    assertThat(at(routes, "route-0-0-0-0--0", "gateway_id").asText()).isEqualTo("igw-1");
    assertThat(at(routes, "route-0-0-0-0--0", "destination_cidr_block").asText())
        .isEqualTo("0.0.0.0/0");
    assertThat(at(res, "aws_subnet", "us-test-1a-minimal-aws-example-com", "vpc_id").asText())
        .isEqualTo("vpc-12345678");
    assertThat(at(res, "aws_route_table", "minimal-aws-example-com", "vpc_id").asText())
        .isEqualTo("vpc-12345678");
    assertThat(at(res, "aws_security_group", "nodes-minimal-aws-example-com", "vpc_id").asText())
        .isEqualTo("vpc-12345678");
    assertThat(at(tf, "locals", "vpc_id").asText()).isEqualTo("vpc-12345678");
    assertThat(at(tf, "output", "vpc_id", "value").asText()).isEqualTo("vpc-12345678");
    // kops reads the existing VPC with a data source, for the ranges its outputs give.
    assertThat(at(tf, "data", "aws_vpc", "minimal-aws-example-com", "id").asText())
        .isEqualTo("vpc-12345678");
    assertThat(at(tf, "locals", "vpc_cidr_block").asText())
        .isEqualTo("${data.aws_vpc.minimal-aws-example-com.cidr_block}");
  }

  @Test
  void usesAnExistingSubnetByIdWithoutAssociatingIt() {
    ClusterBundle b = AwsCases.bundle("minimal-aws@HEAD");
    ClusterSubnet s = b.cluster().spec().subnets().get(0);
    b =
        withSubnets(
            b,
            List.of(
                new ClusterSubnet(
                    s.name(), s.zone(), s.cidr(), s.type(), null, "subnet-abc", null)),
            null);
    List<AwsResource> rs = AwsCases.resources(b);
    Subnet subnet =
        rs.stream().filter(r -> r instanceof Subnet).map(r -> (Subnet) r).findFirst().orElseThrow();
    assertThat(subnet.shared()).isTrue();
    assertThat(rs).noneMatch(r -> r instanceof RouteTableAssociation);
    AutoscalingGroup nodes =
        rs.stream()
            .filter(r -> r instanceof AutoscalingGroup g && g.instanceGroup().equals("nodes"))
            .map(r -> (AutoscalingGroup) r)
            .findFirst()
            .orElseThrow();
    assertThat(nodes.subnets()).containsExactly(Ref.existing("subnet-abc"));
  }

  @Test
  void routesAPrivateZoneThroughAnExistingNatGatewayWhenEgressNamesOne() {
    ClusterBundle b = AwsCases.bundle("privateflannel@HEAD");
    List<ClusterSubnet> subnets = new ArrayList<>();
    for (ClusterSubnet s : b.cluster().spec().subnets()) {
      subnets.add(
          ClusterSubnet.PRIVATE.equals(s.type())
              ? new ClusterSubnet(s.name(), s.zone(), s.cidr(), s.type(), "nat-0123", null, null)
              : s);
    }
    List<AwsResource> rs = AwsCases.resources(withSubnets(b, subnets, null));
    assertThat(rs).noneMatch(r -> r instanceof NatGateway || r instanceof ElasticIp);
    Route r =
        rs.stream()
            .filter(x -> x instanceof Route rt && rt.natGateway().isPresent())
            .map(x -> (Route) x)
            .findFirst()
            .orElseThrow();
    assertThat(r.natGateway()).contains(Ref.existing("nat-0123"));
  }

  @Test
  void refusesAPrivateZoneWithoutAUtilitySubnet() {
    ClusterBundle b = AwsCases.bundle("privateflannel@HEAD");
    List<ClusterSubnet> onlyPrivate =
        b.cluster().spec().subnets().stream()
            .filter(s -> ClusterSubnet.PRIVATE.equals(s.type()))
            .toList();
    ClusterBundle broken = withSubnets(b, onlyPrivate, null);
    assertThatThrownBy(() -> NetworkResources.build(AwsCluster.of(broken)))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("no Utility subnet")
        .hasMessageContaining("us-test-1a");
  }

  @Test
  void carriesTheNodeConfigurationAndItsHashInTheLaunchTemplate() {
    List<AwsResource> rs = AwsCases.resources(AwsCases.bundle("minimal@v1.19.0"));
    LaunchTemplate nodes =
        rs.stream()
            .filter(r -> r instanceof LaunchTemplate lt && lt.instanceGroup().equals("nodes"))
            .map(r -> (LaunchTemplate) r)
            .findFirst()
            .orElseThrow();
    assertThat(nodes.userData())
        .contains("NETWORKING_MODE=kubenet")
        .contains("--network-plugin=kubenet");
    assertThat(nodes.userDataHash()).isEqualTo(UserData.sha256(nodes.userData()));
    assertThat(nodes.tags()).containsEntry(LaunchTemplate.HASH_TAG, nodes.userDataHash());
    assertThat(nodes.sourceDestCheck()).as("kubenet forwards pod traffic").isFalse();
    // kubenet's routes are written by kube-controller-manager's route controller, which runs on the
    // control plane: as kops, the masters get ec2:CreateRoute and the nodes do not
    List<IamRolePolicy> policies =
        rs.stream().filter(r -> r instanceof IamRolePolicy).map(r -> (IamRolePolicy) r).toList();
    assertThat(policies)
        .filteredOn(p -> p.name().startsWith("masters."))
        .singleElement()
        .satisfies(p -> assertThat(p.policyDocument()).contains("ec2:CreateRoute"));
    assertThat(policies)
        .filteredOn(p -> p.name().startsWith("nodes."))
        .allSatisfy(p -> assertThat(p.policyDocument()).doesNotContain("ec2:CreateRoute"));
  }
}
