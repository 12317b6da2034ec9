package dev.jkops.cloud.aws;

import static dev.jkops.cloud.aws.AwsIpv6ApplyTest.apply;
import static dev.jkops.cloud.aws.AwsIpv6ApplyTest.cloud;
import static dev.jkops.cloud.aws.AwsIpv6ApplyTest.name;
import static dev.jkops.cloud.aws.AwsIpv6ApplyTest.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.tasks.DryRun;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * The direct apply of an IPv6 cluster in an existing VPC ({@code spec.networkID}), as kops applies
 * its shared_vpc_ipv6 case, against the in-process fake AWS: the VPC, its IPv6 block, its internet
 * gateway and its egress-only gateway are read and used, never created, tagged or changed (each is
 * compared whole before and after, and with {@code delete cluster}); the cluster makes its subnets
 * with /64s carved from the VPC's block, its route tables, NAT gateways and routes through the
 * VPC's gateways. A VPC without an IPv6 block or without an egress-only gateway, and an existing
 * subnet without the block the spec gives it, are refused before anything is made.
 */
class AwsSharedVpcIpv6ApplyTest {
  static final String CLUSTER = AwsIpv6ApplyTest.CLUSTER;

  /** The VPC's Amazon-provided block. */
  static final String AMAZON_BLOCK = "2600:1f18:4a3:6a00::/56";

  final FakeAws aws = new FakeAws();
  final String vpc = aws.ec2.existingVpc("172.20.0.0/16");

  String igw() {
    return aws.ec2.internetGateways().values().stream()
        .filter(g -> g.attachments().get(0).vpcId().equals(vpc))
        .findFirst()
        .orElseThrow()
        .internetGatewayId();
  }

  /** What the user had before: VPC, internet and egress-only gateway, each whole. */
  List<Object> existing() {
    List<Object> out = new ArrayList<>();
    out.add(aws.ec2.vpcs().get(vpc));
    out.add(aws.ec2.internetGateways().get(igw()));
    out.addAll(aws.ec2.egressOnlyGateways().values());
    return out;
  }

  /** No call that makes or changes a VPC-level object (the cluster's own subnets aside). */
  static final List<String> VPC_LEVEL_CHANGES =
      List.of(
          "createVpc",
          "modifyVpcAttribute",
          "associateVpcCidrBlock",
          "createDhcpOptions",
          "associateDhcpOptions",
          "createInternetGateway",
          "attachInternetGateway",
          "createEgressOnlyInternetGateway",
          "deleteVpc",
          "detachInternetGateway",
          "deleteEgressOnlyInternetGateway");

  @Test
  void usesTheVpcAndItsGatewaysAsTheyAreAndCarvesItsSubnetsFromTheVpcsBlock() throws Exception {
    // A block from the user's own pool listed first: kops carves from the Amazon-provided one.
    aws.ec2.existingIpv6Block(vpc, "2001:db8:4000::/56", "ipv6pool-ec2-0123456789abcdef0");
    aws.ec2.existingIpv6Block(vpc, AMAZON_BLOCK, "Amazon");
    String eigw = aws.ec2.existingEgressOnlyGateway(vpc);
    List<Object> before = existing();
    ClusterBundle b = SharedVpcIpv6TerraformTest.sharedBundle(vpc);

    apply(aws, b);

    assertThat(existing()).as("the VPC and its gateways, untouched").isEqualTo(before);
    assertThat(aws.calls).doesNotContainAnyElementsOf(VPC_LEVEL_CHANGES);
    assertThat(aws.ec2.vpcs()).hasSize(1);
    assertThat(aws.ec2.egressOnlyGateways()).containsOnlyKeys(eigw);

    // The subnets kops makes, in the VPC, each the /64#N of its Amazon block.
    Map<String, String> blocks = new TreeMap<>();
    for (Subnet s : aws.ec2.subnets().values()) {
      assertThat(s.vpcId()).isEqualTo(vpc);
      blocks.put(name(s.tags()), s.ipv6CidrBlockAssociationSet().get(0).ipv6CidrBlock());
    }
    assertThat(blocks)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "us-test-1a." + CLUSTER, "2600:1f18:4a3:6a01::/64",
                "us-test-1b." + CLUSTER, "2600:1f18:4a3:6a02::/64",
                "dualstack-us-test-1a." + CLUSTER, "2600:1f18:4a3:6a03::/64",
                "dualstack-us-test-1b." + CLUSTER, "2600:1f18:4a3:6a04::/64",
                "utility-us-test-1a." + CLUSTER, "2600:1f18:4a3:6a05::/64",
                "utility-us-test-1b." + CLUSTER, "2600:1f18:4a3:6a06::/64"));

    // kops' shared_vpc_ipv6 routes: public to the VPC's internet gateway, private IPv6 to its
    // egress-only gateway, IPv4 and NAT64 to the zone's NAT gateway.
    List<String> routes = new ArrayList<>();
    for (RouteTable t : aws.ec2.routeTables().values()) {
      if (name(t.tags()) == null) {
        continue; // the VPC's main table, the user's
      }
      for (var r : t.routes()) {
        if ("local".equals(r.gatewayId())) {
          continue;
        }
        String dest =
            r.destinationCidrBlock() != null
                ? r.destinationCidrBlock()
                : r.destinationIpv6CidrBlock();
        String target =
            r.gatewayId() != null
                ? (r.gatewayId().equals(igw()) ? "the VPC's igw" : r.gatewayId())
                : r.egressOnlyInternetGatewayId() != null
                    ? (r.egressOnlyInternetGatewayId().equals(eigw)
                        ? "the VPC's eigw"
                        : r.egressOnlyInternetGatewayId())
                    : "nat " + name(aws.ec2.natGateways().get(r.natGatewayId()).tags());
        routes.add(name(t.tags()) + " " + dest + " -> " + target);
      }
    }
    assertThat(routes)
        .containsExactlyInAnyOrder(
            CLUSTER + " 0.0.0.0/0 -> the VPC's igw",
            CLUSTER + " ::/0 -> the VPC's igw",
            "private-us-test-1a." + CLUSTER + " 0.0.0.0/0 -> nat us-test-1a." + CLUSTER,
            "private-us-test-1a." + CLUSTER + " 64:ff9b::/96 -> nat us-test-1a." + CLUSTER,
            "private-us-test-1a." + CLUSTER + " ::/0 -> the VPC's eigw",
            "private-us-test-1b." + CLUSTER + " 0.0.0.0/0 -> nat us-test-1b." + CLUSTER,
            "private-us-test-1b." + CLUSTER + " 64:ff9b::/96 -> nat us-test-1b." + CLUSTER,
            "private-us-test-1b." + CLUSTER + " ::/0 -> the VPC's eigw");

    Plan<AwsResource> again = plan(aws, b);
    assertThat(again.changes()).as(DryRun.render(again)).isEmpty();

    cloud(aws).delete(AwsCluster.of(b), ProgressListener.NONE);
    assertThat(existing()).as("the VPC and its gateways stay, untouched").isEqualTo(before);
    assertThat(aws.ec2.subnets()).isEmpty();
    assertThat(aws.ec2.natGateways()).isEmpty();
    assertThat(aws.ec2.routeTables().values()).allMatch(t -> name(t.tags()) == null);
  }

  @Test
  void theDryRunShowsWhatTheClusterMakesAndNothingOfTheVpc() throws Exception {
    aws.ec2.existingIpv6Block(vpc, AMAZON_BLOCK, "Amazon");
    aws.ec2.existingEgressOnlyGateway(vpc);
    String preview = DryRun.render(plan(aws, SharedVpcIpv6TerraformTest.sharedBundle(vpc)));
    assertThat(preview)
        .contains("  Subnet/us-test-1a." + CLUSTER + "\n")
        .containsPattern("\tIPv6CIDR\\s*\t/64#1\n")
        .containsPattern("\tVPC\\s*\tid:" + vpc + "\n")
        .contains("  Route/private-us-test-1a-::/0\n")
        .contains("  Route/::/0\n")
        .doesNotContain("  VPC/", "  EgressOnlyInternetGateway/", "  InternetGateway/", "DHCP");
    assertThat(aws.mutatingCalls()).as("a dry run changes nothing").isEmpty();
  }

  @Test
  void aVpcWithoutAnIpv6BlockIsRefusedBeforeAnythingIsMade() throws Exception {
    aws.ec2.existingEgressOnlyGateway(vpc);
    ClusterBundle b = SharedVpcIpv6TerraformTest.sharedBundle(vpc);
    assertThatThrownBy(() -> apply(aws, b))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining(
            "the existing VPC " + vpc + " (spec.networkID) has no IPv6 CIDR block")
        .hasMessageContaining(
            "aws ec2 associate-vpc-cidr-block --amazon-provided-ipv6-cidr-block --vpc-id " + vpc);
    assertThat(aws.mutatingCalls()).as("nothing made or changed").isEmpty();
    assertThat(aws.ec2.vpcs().get(vpc).ipv6CidrBlockAssociationSet())
        .as("jkops asks AWS for no block for a VPC it does not own")
        .isEmpty();
  }

  @Test
  void aVpcWithoutAnEgressOnlyGatewayIsRefusedBeforeAnythingIsMade() throws Exception {
    aws.ec2.existingIpv6Block(vpc, AMAZON_BLOCK, "Amazon");
    String elsewhere = aws.ec2.existingEgressOnlyGateway(aws.ec2.existingVpc("10.1.0.0/16"));
    ClusterBundle b = SharedVpcIpv6TerraformTest.sharedBundle(vpc);
    assertThatThrownBy(() -> apply(aws, b))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining(
            "the existing VPC " + vpc + " (spec.networkID) has no egress-only internet gateways")
        .hasMessageContaining("aws ec2 create-egress-only-internet-gateway --vpc-id " + vpc);
    assertThat(aws.mutatingCalls()).as("nothing made or changed").isEmpty();
    assertThat(aws.ec2.egressOnlyGateways()).containsOnlyKeys(elsewhere);
  }

  /** The bundle with its utility subnets replaced by existing ones (spec {@code id}). */
  static ClusterBundle withExistingUtilitySubnets(
      FakeAws aws, String vpc, ClusterBundle b, String blockA, String blockB) {
    String a = aws.ec2.existingSubnet(vpc, "us-test-1a", "172.20.0.0/22", blockA);
    String bb = aws.ec2.existingSubnet(vpc, "us-test-1b", "172.20.4.0/22", blockB);
    List<ClusterSubnet> subnets = new ArrayList<>();
    for (ClusterSubnet s : b.cluster().spec().subnets()) {
      String id =
          s.name().equals("utility-us-test-1a")
              ? a
              : s.name().equals("utility-us-test-1b") ? bb : null;
      subnets.add(
          id == null
              ? s
              : new ClusterSubnet(
                  s.name(), s.zone(), s.cidr(), s.type(), s.egress(), id, s.ipv6CIDR(), s.extra()));
    }
    return AwsResourcesTest.withSubnets(b, subnets, vpc);
  }

  /**
   * Existing subnets ({@code id}) with the blocks the spec gives them are used as they are: only
   * kops' {@code kubernetes.io/cluster/<cluster>=shared} tag is added; no IPv6 setting changed, no
   * route table association, and they stay after {@code delete cluster}. One without the block is
   * refused before anything is made.
   */
  @Test
  void existingSubnetsAreUsedAsTheyAreAndOneWithoutItsBlockIsRefused() throws Exception {
    aws.ec2.existingIpv6Block(vpc, AMAZON_BLOCK, "Amazon");
    aws.ec2.existingEgressOnlyGateway(vpc);
    ClusterBundle b =
        withExistingUtilitySubnets(
            aws,
            vpc,
            SharedVpcIpv6TerraformTest.sharedBundle(vpc),
            "2600:1f18:4a3:6a05::/64",
            "2600:1f18:4a3:6a06::/64");
    Map<String, Subnet> before = new TreeMap<>(aws.ec2.subnets());

    apply(aws, b);

    before.forEach(
        (id, s) -> {
          Subnet now = aws.ec2.subnets().get(id);
          assertThat(now.toBuilder().tags(s.tags()).build())
              .as("existing subnet %s, but for its tags", id)
              .isEqualTo(s);
          assertThat(now.tags())
              .singleElement()
              .satisfies(
                  t -> {
                    assertThat(t.key()).isEqualTo("kubernetes.io/cluster/" + CLUSTER);
                    assertThat(t.value()).isEqualTo("shared");
                  });
          assertThat(aws.ec2.routeTables().values())
              .noneMatch(t -> t.associations().stream().anyMatch(x -> id.equals(x.subnetId())));
        });
    // The NAT gateways live in the existing utility subnets.
    assertThat(aws.ec2.natGateways().values())
        .hasSize(2)
        .allMatch(n -> before.containsKey(n.subnetId()));
    Plan<AwsResource> again = plan(aws, b);
    assertThat(again.changes()).as(DryRun.render(again)).isEmpty();
    cloud(aws).delete(AwsCluster.of(b), ProgressListener.NONE);
    assertThat(aws.ec2.subnets()).containsOnlyKeys(before.keySet());

    // An existing subnet without the block the spec gives it: refused, nothing made.
    FakeAws fresh = new FakeAws();
    String vpc2 = fresh.ec2.existingVpc("172.20.0.0/16");
    fresh.ec2.existingIpv6Block(vpc2, AMAZON_BLOCK, "Amazon");
    fresh.ec2.existingEgressOnlyGateway(vpc2);
    ClusterBundle missing =
        withExistingUtilitySubnets(
            fresh,
            vpc2,
            SharedVpcIpv6TerraformTest.sharedBundle(vpc2),
            null,
            "2600:1f18:4a3:6a06::/64");
    assertThatThrownBy(() -> apply(fresh, missing))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("spec.subnets ipv6CIDR /64#5 of subnet utility-us-test-1a.")
        .hasMessageContaining("the existing subnet has no IPv6 block")
        .hasMessageContaining("aws ec2 associate-subnet-cidr-block");
    assertThat(fresh.mutatingCalls()).as("nothing made or changed").isEmpty();
  }
}
