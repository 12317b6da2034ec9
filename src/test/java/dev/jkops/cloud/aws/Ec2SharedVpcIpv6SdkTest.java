package dev.jkops.cloud.aws;

import static dev.jkops.cloud.aws.QueryProtocol.ec2Response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.Ipv6Cidr;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What jkops reads of an existing VPC for an IPv6 cluster, through the SDK's real client pipeline
 * to a local endpoint speaking EC2's query protocol: the egress-only gateway attached to the VPC
 * (listed page by page without a filter, since EC2 documents only tag filters for the call, and
 * matched by its attachment), the VPC's blocks with their pools (the Amazon-provided one is carved
 * from, as kops does), and the refusal of a VPC with no block before any subnet is made. Nothing is
 * ever sent that would change the VPC.
 */
class Ec2SharedVpcIpv6SdkTest {
  static final String CLUSTER = "v6.example.com";
  static final String VPC = "vpc-0a1b2c3d";

  private Ec2QueryEndpoint ec2;

  @AfterEach
  void stop() {
    if (ec2 != null) {
      ec2.close();
    }
  }

  AwsContext context(Function<Map<String, String>, String> answer) {
    ec2 = new Ec2QueryEndpoint(CLUSTER, VPC, answer);
    return ec2.context();
  }

  List<String> actions() {
    return ec2.actions();
  }

  static String gateway(String id, String vpc, String state) {
    return "<item><egressOnlyInternetGatewayId>"
        + id
        + "</egressOnlyInternetGatewayId><attachmentSet><item><state>"
        + state
        + "</state><vpcId>"
        + vpc
        + "</vpcId></item></attachmentSet><tagSet/></item>";
  }

  @Test
  void theVpcsEgressOnlyGatewayIsFoundAcrossPagesByItsAttachmentAndNeverMade() {
    AwsContext c =
        context(
            f -> {
              assertThat(f.get("Action")).isEqualTo("DescribeEgressOnlyInternetGateways");
              boolean second = f.containsKey("NextToken");
              return ec2Response(
                  "DescribeEgressOnlyInternetGateways",
                  "<egressOnlyInternetGatewaySet>"
                      + (second
                          ? gateway("eigw-0old", VPC, "detached")
                              + gateway("eigw-0ours", VPC, "attached")
                          : gateway("eigw-0other", "vpc-0other", "attached"))
                      + "</egressOnlyInternetGatewaySet>"
                      + (second ? "" : "<nextToken>page-2</nextToken>"));
            });
    EgressOnlyInternetGateway d =
        new EgressOnlyInternetGateway(CLUSTER, Ref.existing(VPC), true, new TreeMap<>());
    Optional<AwsResource> found = new Ec2Network(c).findEgressOnlyGateway(d);

    assertThat(found).isPresent();
    assertThat(found.get().attributes()).as("compares equal: no change").isEqualTo(d.attributes());
    assertThat(c.ids().awsId(d.id())).contains("eigw-0ours");
    assertThat(actions())
        .containsExactly(
            "DescribeEgressOnlyInternetGateways", "DescribeEgressOnlyInternetGateways");
    assertThat(ec2.requests().get(0).keySet()).noneMatch(k -> k.startsWith("Filter"));
    assertThat(ec2.requests().get(1)).containsEntry("NextToken", "page-2");
  }

  @Test
  void aVpcWithTwoEgressOnlyGatewaysIsRefusedNamingThem() {
    AwsContext c =
        context(
            f ->
                ec2Response(
                    "DescribeEgressOnlyInternetGateways",
                    "<egressOnlyInternetGatewaySet>"
                        + gateway("eigw-0a", VPC, "attached")
                        + gateway("eigw-0b", VPC, "attached")
                        + "</egressOnlyInternetGatewaySet>"));
    EgressOnlyInternetGateway d =
        new EgressOnlyInternetGateway(CLUSTER, Ref.existing(VPC), true, new TreeMap<>());
    assertThatThrownBy(() -> new Ec2Network(c).findEgressOnlyGateway(d))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("has 2 ([eigw-0a, eigw-0b]) egress-only internet gateways attached");
  }

  static String vpcWithBlocks(String associations) {
    return ec2Response(
        "DescribeVpcs",
        "<vpcSet><item><vpcId>"
            + VPC
            + "</vpcId><cidrBlock>172.20.0.0/16</cidrBlock><ipv6CidrBlockAssociationSet>"
            + associations
            + "</ipv6CidrBlockAssociationSet></item></vpcSet>");
  }

  static String block(String cidr, String pool) {
    return "<item><associationId>a-"
        + pool
        + "</associationId><ipv6CidrBlock>"
        + cidr
        + "</ipv6CidrBlock><ipv6CidrBlockState><state>associated</state></ipv6CidrBlockState>"
        + "<ipv6Pool>"
        + pool
        + "</ipv6Pool></item>";
  }

  @Test
  void ofTheVpcsBlocksTheAmazonProvidedOneIsCarvedFromElseTheUsersOwn() {
    String both =
        block("2001:db8:4000::/56", "ipv6pool-ec2-0123")
            + block("2600:1f18:4a3:6a00::/56", "Amazon");
    AwsContext c = context(f -> vpcWithBlocks(both));
    assertThat(new Ec2Network(c).vpcIpv6Block(VPC, true, "subnet x"))
        .isEqualTo(Ipv6Cidr.parse("2600:1f18:4a3:6a00::/56"));

    ec2.close();
    AwsContext own = context(f -> vpcWithBlocks(block("2001:db8:4000::/56", "ipv6pool-ec2-0123")));
    assertThat(new Ec2Network(own).vpcIpv6Block(VPC, true, "subnet x"))
        .isEqualTo(Ipv6Cidr.parse("2001:db8:4000::/56"));
  }

  /**
   * A subnet to be made in an existing VPC that has no IPv6 block: finding it (the plan, before
   * anything is made) refuses it with kops' case named and the command that gives the VPC a block;
   * jkops itself sends no AssociateVpcCidrBlock.
   */
  @Test
  void aSubnetToBeMadeInAnExistingVpcWithoutABlockIsRefusedWhenPlanned() {
    AwsContext c =
        context(
            f ->
                switch (f.get("Action")) {
                  case "DescribeSubnets" -> ec2Response("DescribeSubnets", "<subnetSet/>");
                  case "DescribeVpcs" -> vpcWithBlocks("");
                  default -> throw new AssertionError("unexpected " + f);
                });
    Subnet d =
        new Subnet(
            "us-east-1a." + CLUSTER,
            Ref.existing(VPC),
            "us-east-1a",
            null,
            Optional.empty(),
            true,
            Tags.owned(CLUSTER, "us-east-1a." + CLUSTER),
            Optional.of(Subnet.Ipv6.asKops("/64#1", true, true)));
    assertThatThrownBy(() -> new Ec2Network(c).findSubnet(d))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining(
            "the existing VPC " + VPC + " (spec.networkID) has no IPv6 CIDR block")
        .hasMessageContaining("subnet us-east-1a." + CLUSTER)
        .hasMessageContaining("--amazon-provided-ipv6-cidr-block --vpc-id " + VPC);
    assertThat(actions()).containsExactly("DescribeSubnets", "DescribeVpcs");
  }
}
