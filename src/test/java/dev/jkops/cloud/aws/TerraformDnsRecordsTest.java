package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.terraform.TfResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * When jkops' Terraform has the API's {@code aws_route53_record}s, as kops decides it: with the
 * API's network load balancer, unless DNS is off (gossip or {@code topology.dns.type: None}), and
 * only with a hosted zone given by id (a zone name needs a Route 53 lookup, which the offline
 * Terraform output cannot make, and then the user is told). The records' text is compared with
 * kops' in TerraformHclParityTest and planned by Terraform in TerraformAcceptanceTest.
 */
class TerraformDnsRecordsTest {
  private static final String CASE = "privatecalico@HEAD";

  private static ClusterBundle privatecalico(UnaryOperator<String> edit) throws Exception {
    Path file = AwsCases.dir().resolve(CASE).resolve("in-v1alpha2.yaml");
    YamlCodec.Documents docs = YamlCodec.read(edit.apply(Files.readString(file)), file.toString());
    return new ClusterBundle(docs.clusters().get(0), docs.instanceGroups());
  }

  private static List<String> records(ClusterBundle bundle) {
    return AwsTerraform.config(AwsCluster.of(bundle), AwsCases.resources(bundle))
        .resources()
        .stream()
        .filter(r -> r.type().equals("aws_route53_record"))
        .map(TfResource::address)
        .toList();
  }

  private static UnaryOperator<String> spec(String lines) {
    return y -> y.replaceFirst("\nspec:\n", "\nspec:\n" + lines);
  }

  @Test
  void writesTheApiAandAaaaAliasesIntoTheZoneGivenById() throws Exception {
    ClusterBundle b = privatecalico(spec("  dnsZone: Z1AFAKE1ZON3YO\n"));
    assertThat(records(b))
        .containsExactly(
            "aws_route53_record.api-privatecalico-example-com",
            "aws_route53_record.api-privatecalico-example-com-AAAA");
    TfResource a =
        AwsTerraform.config(AwsCluster.of(b), AwsCases.resources(b)).resources().stream()
            .filter(r -> r.address().equals("aws_route53_record.api-privatecalico-example-com"))
            .findFirst()
            .orElseThrow();
    assertThat(a.attributes())
        .containsEntry("zone_id", "/hostedzone/Z1AFAKE1ZON3YO")
        .containsEntry("name", "api.privatecalico.example.com")
        .containsEntry("type", "A");
    assertThat(AwsTerraform.notWritten(AwsCluster.of(b))).isEmpty();
  }

  @Test
  void alsoNamesTheInternalApiWhenTheBalancerServesIt() throws Exception {
    ClusterBundle b =
        privatecalico(
            spec("  dnsZone: Z1AFAKE1ZON3YO\n")
                    .andThen(
                        y ->
                            y.replace(
                                "      class: Network\n",
                                "      class: Network\n      useForInternalApi: true\n"))
                ::apply);
    assertThat(records(b))
        .contains(
            "aws_route53_record.api-internal-privatecalico-example-com",
            "aws_route53_record.api-internal-privatecalico-example-com-AAAA")
        .hasSize(4);
  }

  @Test
  void leavesThemOutAndSaysWhyWhenTheZoneIsGivenByName() throws Exception {
    ClusterBundle b = privatecalico(spec("  dnsZone: example.com\n"));
    assertThat(records(b)).isEmpty();
    assertThat(AwsTerraform.notWritten(AwsCluster.of(b)))
        .singleElement()
        .asString()
        .contains("aws_route53_record")
        .contains("spec.dnsZone");
  }

  @Test
  void writesNoneWithoutDns() throws Exception {
    ClusterBundle b =
        privatecalico(spec("  dnsZone: Z1AFAKE1ZON3YO\n  topology:\n    dns:\n      type: None\n"));
    assertThat(records(b)).isEmpty();
    assertThat(AwsTerraform.notWritten(AwsCluster.of(b))).isEmpty();
  }
}
