package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.terraform.TerraformHclWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kops' IPv6 cases (minimal-ipv6-calico@HEAD and minimal-ipv6-cilium@HEAD in {@code
 * shared/peer/kops-current}): jkops' {@code kubernetes.tf} writes the networking resources byte for
 * byte as kops does: the VPC's Amazon-provided IPv6 block, IPv6-only private subnets with DNS64,
 * DualStack and utility subnets, the egress-only internet gateway and its {@code ::/0} routes, the
 * NAT64 route ({@code 64:ff9b::/96}) to each zone's NAT gateway, the IPv6 security group rules and
 * the dual-stack API load balancer; and the launch templates' IPv6 settings and the API's AAAA
 * record.
 */
class Ipv6TerraformParityTest {
  private static final Pattern BLOCK =
      Pattern.compile("(?ms)^resource \"(\\S+)\" \"(\\S+)\" \\{\\n.*?^\\}\\n");

  static final List<String> IPV6_TYPES =
      List.of("aws_egress_only_internet_gateway", "aws_route53_record");

  @ParameterizedTest
  @ValueSource(strings = {"minimal-ipv6-calico@HEAD", "minimal-ipv6-cilium@HEAD"})
  void networkingBlocksMatchKopsText(String kase) throws Exception {
    ClusterBundle bundle = AwsCases.bundle(kase);
    String ours =
        TerraformHclWriter.write(
            AwsTerraform.config(AwsCluster.of(bundle), AwsCases.resources(bundle)));
    Map<String, String> want =
        blocks(Files.readString(AwsCases.caseDir(kase).resolve("kubernetes.tf")));
    Map<String, String> got = blocks(ours);
    List<String> compared = new ArrayList<>();
    List<String> differing = new ArrayList<>();
    want.forEach(
        (address, text) -> {
          String type = address.substring(0, address.indexOf('.'));
          if (TerraformParityTest.TYPES.contains(type) || IPV6_TYPES.contains(type)) {
            if (!text.equals(got.get(address))) {
              differing.add(address + "\n--- kops\n" + text + "--- jkops\n" + got.get(address));
            }
            compared.add(address);
          }
        });
    for (String template :
        List.of(
            "aws_launch_template.master-us-test-1a-masters-minimal-ipv6-example-com",
            "aws_launch_template.nodes-minimal-ipv6-example-com")) {
      for (String block : List.of("metadata_options", "network_interfaces")) {
        assertThat(subBlock(got.get(template), block))
            .as("%s %s", template, block)
            .isEqualTo(subBlock(want.get(template), block));
      }
    }
    assertThat(differing).as(kase).isEmpty();
    got.keySet().stream()
        .filter(a -> a.startsWith("aws_security_group_rule.") || a.startsWith("aws_route."))
        .forEach(a -> assertThat(want).as("a rule or route kops does not write").containsKey(a));
    assertThat(compared).contains("aws_egress_only_internet_gateway.minimal-ipv6-example-com");
  }

  /** A nested block of a resource's text, such as {@code metadata_options { ... }}. */
  private static String subBlock(String resource, String name) {
    Matcher m = Pattern.compile("(?ms)^  " + name + " \\{\\n.*?^  \\}\\n").matcher(resource);
    assertThat(m.find()).as("%s in %s", name, resource).isTrue();
    return m.group();
  }

  /**
   * kops' relative form {@code /64#N}: the N-th (hexadecimal) /64 of the VPC's block, which AWS
   * assigns when it makes the VPC, so the subnet's block is Terraform's {@code cidrsubnet} of it
   * through the locals kops writes.
   */
  @Test
  void relativeIpv6BlocksAreCarvedFromTheVpcsBlockByTerraform() throws Exception {
    Path file = AwsCases.caseDir("minimal-ipv6-calico@HEAD").resolve("in-v1alpha2.yaml");
    String yaml =
        Files.readString(file)
            .replace("\nspec:\n", "\nspec:\n  dnsZone: " + AwsCases.KOPS_TEST_ZONE_ID + "\n")
            .replace("2001:db8:0:111::/64", "/64#1")
            .replace("2001:db8:0:11a::/64", "/64#1a");
    yaml = yaml.replace("2001:db8:0:112::/64", "/64#1a");
    YamlCodec.Documents docs = YamlCodec.read(yaml, file.toString());
    ClusterBundle bundle = new ClusterBundle(docs.clusters().get(0), docs.instanceGroups());
    String ours =
        TerraformHclWriter.write(
            AwsTerraform.config(AwsCluster.of(bundle), AwsCases.resources(bundle)));
    Map<String, String> got = blocks(ours);
    assertThat(got.get("aws_subnet.us-test-1a-minimal-ipv6-example-com"))
        .contains(
            "ipv6_cidr_block                                ="
                + " cidrsubnet(local.vpc_ipv6_cidr_block, 64 - local.vpc_ipv6_cidr_length, 1)\n");
    assertThat(got.get("aws_subnet.us-test-1b-minimal-ipv6-example-com"))
        .contains("cidrsubnet(local.vpc_ipv6_cidr_block, 64 - local.vpc_ipv6_cidr_length, 26)\n");
    String kops =
        Files.readString(AwsCases.caseDir("minimal-ipv6-calico@HEAD").resolve("kubernetes.tf"));
    for (String local : List.of("vpc_ipv6_cidr_block", "vpc_ipv6_cidr_length")) {
      Matcher m = Pattern.compile("(?m)^  " + local + " +=.*$").matcher(kops);
      assertThat(m.find()).isTrue();
      assertThat(ours.replaceAll(" +=", " ="))
          .as("the local kops writes")
          .contains(m.group().replaceAll(" +=", " ="));
    }
  }

  private static Map<String, String> blocks(String hcl) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = BLOCK.matcher(hcl);
    while (m.find()) {
      out.put(m.group(1) + "." + m.group(2), m.group());
    }
    return out;
  }
}
