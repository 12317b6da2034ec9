package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.terraform.TerraformConfig;
import dev.jkops.cloud.terraform.TerraformFormat;
import dev.jkops.cloud.terraform.TerraformHclWriter;
import dev.jkops.cloud.terraform.TerraformOutput;
import dev.jkops.testing.TerraformJudge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An IPv6 cluster in an existing VPC, in Terraform, as kops writes its {@code shared_vpc_ipv6} case
 * (tests/integration/update_cluster/shared_vpc_ipv6: kops' minimal-ipv6 cluster with {@code
 * networkID: vpc-12345678} and {@code /64#1}..{@code /64#6} blocks; not in the peer data here): no
 * {@code aws_vpc}, DHCP options, internet or egress-only gateway; a {@code data "aws_vpc"} by id,
 * whose {@code cidr_block} and {@code ipv6_cidr_block} are the locals; subnets carved from that
 * block with {@code cidrsubnet}, {@code vpc_id} the VPC's id; routes naming the VPC's gateways by
 * the ids looked up in the cloud. The networking blocks are compared byte for byte with kops'
 * minimal-ipv6-calico ones changed exactly as kops' shared_vpc_ipv6 output differs from them.
 * Terraform judges it too: validate, and a plan whose data source reads the VPC from a local
 * endpoint speaking EC2's query protocol.
 */
class SharedVpcIpv6TerraformTest {
  static final String CASE = "minimal-ipv6-calico@HEAD";
  static final String VPC = "vpc-12345678";
  static final ExistingVpcGateways KOPS_GATEWAYS =
      new ExistingVpcGateways(Optional.of("igw-1"), Optional.of("eigw-1"));

  private static final Pattern BLOCK =
      Pattern.compile("(?ms)^(resource|data) \"(\\S+)\" \"(\\S+)\" \\{\\n.*?^\\}\\n");

  @TempDir Path dir;

  /** kops' minimal-ipv6 cluster in {@code vpc} with {@code /64#N} blocks, as shared_vpc_ipv6. */
  static ClusterBundle sharedBundle(String vpc) throws Exception {
    Path file = AwsCases.caseDir(CASE).resolve("in-v1alpha2.yaml");
    String yaml =
        Files.readString(file)
            .replace("\nspec:\n", "\nspec:\n  dnsZone: " + AwsCases.KOPS_TEST_ZONE_ID + "\n")
            .replace(
                "  networkCIDR: 172.20.0.0/16\n",
                "  networkCIDR: 172.20.0.0/16\n  networkID: " + vpc + "\n");
    for (int i = 1; i <= 6; i++) {
      yaml = yaml.replace("2001:db8:0:11" + i + "::/64", "/64#" + i);
    }
    assertThat(yaml).contains("networkID: " + vpc).contains("ipv6CIDR: /64#6");
    YamlCodec.Documents docs = YamlCodec.read(yaml, file.toString());
    return new ClusterBundle(docs.clusters().get(0), docs.instanceGroups());
  }

  static TerraformConfig config(ClusterBundle b, ExistingVpcGateways gateways) {
    return AwsTerraform.config(
        AwsCluster.of(b), AwsCases.resources(b), gateways, Optional.empty(), Optional.empty());
  }

  static Map<String, String> blocks(String hcl) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = BLOCK.matcher(hcl);
    while (m.find()) {
      out.put(
          (m.group(1).equals("data") ? "data." : "") + m.group(2) + "." + m.group(3), m.group());
    }
    return out;
  }

  /**
   * kops' minimal-ipv6-calico block as kops writes it in shared_vpc_ipv6: the VPC and the gateways
   * by id, each literal {@code 2001:db8:0:11N::/64} the N-th /64 of the VPC's block.
   */
  static String asKopsWritesItShared(String block) {
    String out =
        block
            .replace("aws_vpc.minimal-ipv6-example-com.id", "\"" + VPC + "\"")
            .replace("aws_internet_gateway.minimal-ipv6-example-com.id", "\"igw-1\"")
            .replace("aws_egress_only_internet_gateway.minimal-ipv6-example-com.id", "\"eigw-1\"");
    return out.replaceAll(
        "\"2001:db8:0:11(\\d)::/64\"",
        "cidrsubnet(local.vpc_ipv6_cidr_block, 64 - local.vpc_ipv6_cidr_length, $1)");
  }

  @Test
  void networkingIsKopsSharedVpcIpv6Output() throws Exception {
    String ours = TerraformHclWriter.write(config(sharedBundle(VPC), KOPS_GATEWAYS));
    Map<String, String> got = blocks(ours);
    Map<String, String> kops =
        blocks(Files.readString(AwsCases.caseDir(CASE).resolve("kubernetes.tf")));

    // Nothing of the existing VPC is written: it is read.
    for (String type :
        List.of(
            "aws_vpc.",
            "aws_vpc_dhcp_options.",
            "aws_vpc_dhcp_options_association.",
            "aws_internet_gateway.",
            "aws_egress_only_internet_gateway.",
            "aws_vpc_ipv6_cidr_block_association.")) {
      assertThat(got.keySet()).as("no %s resource", type).noneMatch(a -> a.startsWith(type));
    }
    assertThat(got.get("data.aws_vpc.minimal-ipv6-example-com"))
        .isEqualTo("data \"aws_vpc\" \"minimal-ipv6-example-com\" {\n  id = \"" + VPC + "\"\n}\n");
    // kops' VPC locals and outputs, read from what the data source read.
    String kopsHcl = Files.readString(AwsCases.caseDir(CASE).resolve("kubernetes.tf"));
    for (String local :
        List.of("vpc_cidr_block", "vpc_id", "vpc_ipv6_cidr_block", "vpc_ipv6_cidr_length")) {
      for (String form :
          List.of("(?m)^  " + local + " +=.*\n", "(?m)^output \"" + local + "\" \\{\n.*\n\\}\n")) {
        Matcher m = Pattern.compile(form).matcher(kopsHcl);
        assertThat(m.find()).as("kops writes %s", local).isTrue();
        String want =
            m.group()
                .replace("aws_vpc.minimal-ipv6-example-com.id", "\"" + VPC + "\"")
                .replace(
                    "aws_vpc.minimal-ipv6-example-com.", "data.aws_vpc.minimal-ipv6-example-com.");
        // jkops writes fewer locals than kops, so their alignment differs.
        assertThat(ours.replaceAll(" +=", " ="))
            .as("kops' %s, from the data source", local)
            .contains(want.replaceAll(" +=", " ="));
      }
    }

    // Every subnet, route table, association, route, NAT gateway and address kops writes, byte for
    // byte; and none it does not.
    List<String> compared = new ArrayList<>();
    List<String> differing = new ArrayList<>();
    for (String type :
        List.of(
            "aws_subnet",
            "aws_route_table",
            "aws_route_table_association",
            "aws_route",
            "aws_nat_gateway",
            "aws_eip")) {
      kops.forEach(
          (address, text) -> {
            if (address.startsWith(type + ".")) {
              String want = asKopsWritesItShared(text);
              if (!want.equals(got.get(address))) {
                differing.add(address + "\n--- kops\n" + want + "--- jkops\n" + got.get(address));
              }
              compared.add(address);
            }
          });
      assertThat(got.keySet().stream().filter(a -> a.startsWith(type + ".")))
          .as("%s kops writes", type)
          .allMatch(kops::containsKey);
    }
    assertThat(differing).isEmpty();
    assertThat(compared)
        .hasSize(6 + 3 + 6 + 8 + 2 + 2)
        .contains("aws_route.route-private-us-test-1a-__--0", "aws_route.route-__--0");
    assertThat(got.get("aws_route.route-private-us-test-1a-__--0"))
        .contains("egress_only_gateway_id      = \"eigw-1\"");
  }

  @Test
  void withoutTheGatewaysIdsNothingIsWrittenAndTheErrorSaysWhy() throws Exception {
    ClusterBundle b = sharedBundle(VPC);
    assertThatThrownBy(
            () -> config(b, new ExistingVpcGateways(Optional.of("igw-1"), Optional.empty())))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("existing VPC " + VPC + " (spec.networkID)")
        .hasMessageContaining("egress-only internet gateway")
        .hasMessageContaining("AWS credentials");
  }

  /**
   * The lookup of the gateways {@code --target terraform} names: read only, the VPC's own (another
   * VPC's egress-only gateway is not taken), and a VPC without one refused with the command that
   * makes one.
   */
  @Test
  void theGatewaysAreLookedUpReadOnlyAndAVpcWithoutAnEgressOnlyGatewayIsRefused() throws Exception {
    var aws = new dev.jkops.cloud.aws.fake.FakeAws();
    String other = aws.ec2.existingVpc("10.0.0.0/16");
    aws.ec2.existingEgressOnlyGateway(other);
    String vpc = aws.ec2.existingVpc("172.20.0.0/16");
    AwsClusterResources cloud =
        new AwsClusterResources(aws.clients(), new AwsRetry(8, 1, 8, ms -> {}));
    AwsCluster cluster = AwsCluster.of(sharedBundle(vpc));
    assertThatThrownBy(() -> cloud.existingVpcGateways(cluster))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("the existing VPC " + vpc + " (spec.networkID) has no egress-only")
        .hasMessageContaining("aws ec2 create-egress-only-internet-gateway --vpc-id " + vpc);

    String eigw = aws.ec2.existingEgressOnlyGateway(vpc);
    String igw =
        aws.ec2.internetGateways().values().stream()
            .filter(g -> g.attachments().get(0).vpcId().equals(vpc))
            .findFirst()
            .orElseThrow()
            .internetGatewayId();
    assertThat(cloud.existingVpcGateways(cluster))
        .isEqualTo(new ExistingVpcGateways(Optional.of(igw), Optional.of(eigw)));
    assertThat(aws.mutatingCalls()).as("the lookup only reads").isEmpty();
  }

  /** EC2's answer to the AWS provider reading the existing VPC for {@code data "aws_vpc"}. */
  static final String VPC_BLOCK = "2600:1f18:4a3:6a00::/56";

  static LocalAwsEndpoint.Answer ec2(Map<String, String> form, List<String> actions) {
    String action = form.get("Action");
    actions.add(action);
    String body =
        switch (action) {
          case "DescribeVpcs" ->
              "<vpcSet><item><vpcId>"
                  + VPC
                  + "</vpcId><ownerId>123456789012</ownerId><state>available</state>"
                  + "<cidrBlock>172.20.0.0/16</cidrBlock><dhcpOptionsId>dopt-1</dhcpOptionsId>"
                  + "<instanceTenancy>default</instanceTenancy><isDefault>false</isDefault>"
                  + "<cidrBlockAssociationSet><item><associationId>vpc-cidr-assoc-4</associationId>"
                  + "<cidrBlock>172.20.0.0/16</cidrBlock><cidrBlockState><state>associated</state>"
                  + "</cidrBlockState></item></cidrBlockAssociationSet>"
                  + "<ipv6CidrBlockAssociationSet><item><associationId>vpc-cidr-assoc-6</associationId>"
                  + "<ipv6CidrBlock>"
                  + VPC_BLOCK
                  + "</ipv6CidrBlock><ipv6CidrBlockState><state>associated</state></ipv6CidrBlockState>"
                  + "<networkBorderGroup>us-test-1</networkBorderGroup><ipv6Pool>Amazon</ipv6Pool>"
                  + "</item></ipv6CidrBlockAssociationSet></item></vpcSet>";
          case "DescribeVpcAttribute" -> {
            String attribute = form.get("Attribute");
            yield "<vpcId>"
                + VPC
                + "</vpcId><"
                + attribute
                + "><value>"
                + !attribute.equals("enableNetworkAddressUsageMetrics")
                + "</value></"
                + attribute
                + ">";
          }
          case "DescribeRouteTables" ->
              "<routeTableSet><item><routeTableId>rtb-main</routeTableId><vpcId>"
                  + VPC
                  + "</vpcId><ownerId>123456789012</ownerId><associationSet><item>"
                  + "<routeTableAssociationId>rtbassoc-main</routeTableAssociationId>"
                  + "<routeTableId>rtb-main</routeTableId><main>true</main>"
                  + "<associationState><state>associated</state></associationState></item>"
                  + "</associationSet><routeSet/><tagSet/></item></routeTableSet>";
          default -> null;
        };
    if (body == null) {
      return LocalAwsEndpoint.Answer.xml(
          400, QueryProtocol.ec2Error("InvalidAction", "not served here: " + action));
    }
    return LocalAwsEndpoint.Answer.xml(200, QueryProtocol.ec2Response(action, body));
  }

  /**
   * Terraform with HashiCorp's AWS provider validates the output and plans it, the {@code data
   * "aws_vpc"} source read from a local endpoint speaking EC2's query protocol (the only EC2 it can
   * reach): the plan makes no VPC, block association, internet or egress-only gateway, and each
   * subnet's {@code ipv6_cidr_block} is the /64 Terraform carved from the block the VPC has.
   */
  @ParameterizedTest
  @EnumSource(TerraformFormat.class)
  void terraformPlansItCarvingTheSubnetsFromTheExistingVpcsBlock(TerraformFormat format)
      throws Exception {
    TerraformJudge judge = TerraformJudge.open();
    List<String> actions = java.util.Collections.synchronizedList(new ArrayList<>());
    try (judge;
        LocalAwsEndpoint endpoint =
            LocalAwsEndpoint.start(r -> ec2(QueryProtocol.form(r.body()), actions))) {
      Path out = dir.resolve(format.name());
      TerraformOutput.write(out, config(sharedBundle(VPC), KOPS_GATEWAYS), format);
      judge.prepare(out);
      assertThat(judge.validate(out).errors()).isEmpty();
      // The provider's EC2 calls go to the local endpoint (an override file amends the provider).
      Files.writeString(
          out.resolve("jkops_endpoint_override.tf"),
          "provider \"aws\" {\n  endpoints {\n    ec2 = \"" + endpoint.uri() + "\"\n  }\n}\n");

      TerraformJudge.Verdict plan = judge.plan(out);
      assertThat(plan.errors()).as("EC2 calls: %s", actions).isEmpty();
      assertThat(actions).as("the data source read the VPC").contains("DescribeVpcs");
      assertThat(plan.addresses())
          .noneMatch(
              a ->
                  a.startsWith("aws_vpc.")
                      || a.startsWith("aws_vpc_ipv6_cidr_block_association.")
                      || a.startsWith("aws_vpc_dhcp_options")
                      || a.startsWith("aws_internet_gateway.")
                      || a.startsWith("aws_egress_only_internet_gateway."))
          .contains("aws_subnet.us-test-1a-minimal-ipv6-example-com");

      JsonNode planned = judge.plannedValues(out);
      Map<String, String> blocks = new TreeMap<>();
      Map<String, String> vpcIds = new TreeMap<>();
      for (JsonNode r : planned.path("root_module").path("resources")) {
        if (r.path("type").asText().equals("aws_subnet")) {
          blocks.put(r.path("name").asText(), r.path("values").path("ipv6_cidr_block").asText());
          vpcIds.put(r.path("name").asText(), r.path("values").path("vpc_id").asText());
        }
      }
      assertThat(blocks)
          .hasSize(6)
          .containsEntry("us-test-1a-minimal-ipv6-example-com", "2600:1f18:4a3:6a01::/64")
          .containsEntry("us-test-1b-minimal-ipv6-example-com", "2600:1f18:4a3:6a02::/64")
          .containsEntry("utility-us-test-1b-minimal-ipv6-example-com", "2600:1f18:4a3:6a06::/64");
      assertThat(vpcIds.values()).containsOnly(VPC);
      assertThat(planned.path("outputs").path("vpc_ipv6_cidr_block").path("value").asText())
          .isEqualTo(VPC_BLOCK);
    }
  }
}
