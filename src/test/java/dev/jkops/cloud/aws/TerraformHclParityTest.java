package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.terraform.TerraformHclWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jkops' {@code kubernetes.tf} writes the networking resources of today's kops cases byte for byte
 * as kops does (terraform fmt layout: sorted attributes, aligned runs, quoted map keys), and the
 * API's Route 53 records with them.
 */
class TerraformHclParityTest {
  private static final Pattern BLOCK =
      Pattern.compile("(?ms)^resource \"(\\S+)\" \"(\\S+)\" \\{\\n.*?^\\}\\n");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "minimal-aws@HEAD",
        "privatecalico@HEAD",
        "privateflannel@HEAD",
        "privatekindnet@HEAD"
      })
  void networkingBlocksMatchKopsText(String caseName) {
    ClusterBundle bundle = AwsCases.bundle(caseName);
    String ours =
        TerraformHclWriter.write(
            AwsTerraform.config(AwsCluster.of(bundle), AwsCases.resources(bundle)));
    Map<String, String> want = blocks(AwsCases.expectedHcl(caseName));
    Map<String, String> got = blocks(ours);
    List<String> compared = new ArrayList<>();
    want.forEach(
        (address, text) -> {
          String type = address.substring(0, address.indexOf('.'));
          if (TerraformParityTest.TYPES.contains(type) || type.equals("aws_route53_record")) {
            assertThat(got.get(address)).as(address).isEqualTo(text);
            compared.add(address);
          }
        });
    assertThat(compared).isNotEmpty();
    System.out.printf(
        "terraform HCL parity %-22s %d blocks identical to kops%n", caseName, compared.size());
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
