package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.PeerData;
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

/**
 * kops' privatecilium@HEAD (in {@code shared/peer/kops-current}): jkops' {@code kubernetes.tf}
 * writes the networking resources (VPC, subnets, routes, NAT, security groups and every rule) byte
 * for byte as kops does. cilium's ports (VXLAN 8472/udp, health 4240/tcp) fall inside kops' base
 * node-to-node and node-to-master rules, so kops writes no rule of cilium's own, and neither does
 * jkops.
 */
class CiliumTerraformParityTest {
  private static final Pattern BLOCK =
      Pattern.compile("(?ms)^resource \"(\\S+)\" \"(\\S+)\" \\{\\n.*?^\\}\\n");

  static Path dir() {
    return PeerData.kops()
        .resolveSibling("kops-current")
        .resolve("update_cluster")
        .resolve("privatecilium@HEAD");
  }

  static ClusterBundle bundle() throws Exception {
    Path file = dir().resolve("in-v1alpha2.yaml");
    String yaml =
        Files.readString(file)
            .replaceFirst("\nspec:\n", "\nspec:\n  dnsZone: " + AwsCases.KOPS_TEST_ZONE_ID + "\n");
    YamlCodec.Documents docs = YamlCodec.read(yaml, file.toString());
    return new ClusterBundle(docs.clusters().get(0), docs.instanceGroups());
  }

  @Test
  void networkingBlocksMatchKopsText() throws Exception {
    ClusterBundle bundle = bundle();
    String ours =
        TerraformHclWriter.write(
            AwsTerraform.config(AwsCluster.of(bundle), AwsCases.resources(bundle)));
    Map<String, String> want = blocks(Files.readString(dir().resolve("kubernetes.tf")));
    Map<String, String> got = blocks(ours);
    List<String> compared = new ArrayList<>();
    want.forEach(
        (address, text) -> {
          String type = address.substring(0, address.indexOf('.'));
          if (TerraformParityTest.TYPES.contains(type)) {
            assertThat(got.get(address)).as(address).isEqualTo(text);
            compared.add(address);
          }
        });
    got.keySet().stream()
        .filter(a -> a.startsWith("aws_security_group_rule."))
        .forEach(a -> assertThat(want).as("a rule kops does not write").containsKey(a));
    assertThat(compared)
        .filteredOn(a -> a.startsWith("aws_security_group_rule."))
        .hasSizeGreaterThan(20);
    System.out.printf(
        "terraform HCL parity privatecilium@HEAD %d blocks identical to kops%n", compared.size());
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
