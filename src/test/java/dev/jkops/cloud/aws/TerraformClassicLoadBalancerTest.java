package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.terraform.TerraformHclWriter;
import dev.jkops.cloud.terraform.TerraformJsonWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The API's Classic load balancer ({@code spec.api.loadBalancer.class: Classic}, kops' default when
 * no class is named) in Terraform: kops' {@code aws_elb}, the API's Route 53 aliases to it and the
 * control-plane groups' {@code load_balancers}, byte for byte as kops 1.27 writes them for its
 * privateweave case (whose spec names no class). Terraform itself validates and plans them in
 * TerraformAcceptanceTest.
 */
class TerraformClassicLoadBalancerTest {
  private static final String CASE = "privateweave@v1.27.0";
  private static final Pattern BLOCK =
      Pattern.compile("(?ms)^resource \"(\\S+)\" \"(\\S+)\" \\{\\n.*?^\\}\\n");

  private static ClusterBundle privateweave(UnaryOperator<String> edit) throws Exception {
    Path file = AwsCases.caseDir(CASE).resolve("in-v1alpha2.yaml");
    String yaml =
        edit.apply(
            Files.readString(file)
                .replaceFirst(
                    "\nspec:\n", "\nspec:\n  dnsZone: " + AwsCases.KOPS_TEST_ZONE_ID + "\n"));
    YamlCodec.Documents docs = YamlCodec.read(yaml, file.toString());
    return new ClusterBundle(docs.clusters().get(0), docs.instanceGroups());
  }

  /** The case with {@code spec.api.loadBalancer} given, with these extra lines under it. */
  private static ClusterBundle withLoadBalancer(String lines) throws Exception {
    return privateweave(
        y ->
            y.replaceFirst(
                "\nspec:\n", "\nspec:\n  api:\n    loadBalancer:\n      class: Classic\n" + lines));
  }

  private static String hcl(ClusterBundle b) {
    return TerraformHclWriter.write(AwsTerraform.config(AwsCluster.of(b), AwsCases.resources(b)));
  }

  private static Map<String, String> blocks(String hcl) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = BLOCK.matcher(hcl);
    while (m.find()) {
      out.put(m.group(1) + "." + m.group(2), m.group());
    }
    return out;
  }

  /** The lines of a block that name load balancers or target groups. */
  private static String registrations(String block) {
    return block
        .lines()
        .filter(l -> l.contains("load_balancers") || l.contains("target_group_arns"))
        .map(String::strip)
        .reduce("", (a, l) -> a + l + "\n");
  }

  @Test
  void writesKopsElbAndItsAliasesByteForByte() throws Exception {
    ClusterBundle b = AwsCases.bundle(CASE);
    Map<String, String> want = blocks(AwsCases.expectedHcl(CASE));
    Map<String, String> got = blocks(hcl(b));
    for (String address :
        new String[] {
          "aws_elb.api-privateweave-example-com",
          "aws_route53_record.api-privateweave-example-com",
          "aws_route53_record.api-privateweave-example-com-AAAA"
        }) {
      assertThat(want).as("kops writes " + address).containsKey(address);
      assertThat(got.get(address)).as(address).isEqualTo(want.get(address));
    }
    assertThat(got.keySet()).noneMatch(a -> a.startsWith("aws_lb.api-"));
    assertThat(AwsTerraform.notWritten(AwsCluster.of(b))).isEmpty();
  }

  @Test
  void theControlPlaneGroupRegistersInTheElbAsKopsWrites() throws Exception {
    ClusterBundle b = AwsCases.bundle(CASE);
    Map<String, String> want = blocks(AwsCases.expectedHcl(CASE));
    Map<String, String> got = blocks(hcl(b));
    String master = "aws_autoscaling_group.master-us-test-1a-masters-privateweave-example-com";
    assertThat(registrations(got.get(master)))
        .isEqualTo("load_balancers        = [aws_elb.api-privateweave-example-com.id]\n")
        .isEqualTo(registrations(want.get(master)));
    String nodes = "aws_autoscaling_group.nodes-privateweave-example-com";
    assertThat(registrations(got.get(nodes))).isEmpty();
    assertThat(registrations(want.get(nodes))).isEmpty();
    // JSON: the same reference, in Terraform's JSON syntax.
    String json =
        TerraformJsonWriter.write(AwsTerraform.config(AwsCluster.of(b), AwsCases.resources(b)));
    assertThat(json).contains("\"${aws_elb.api-privateweave-example-com.id}\"");
  }

  @Test
  void takesTheSpecsSchemeIdleTimeoutCrossZoneAndCertificate() throws Exception {
    ClusterBundle b =
        withLoadBalancer(
            "      type: Internal\n      idleTimeoutSeconds: 3600\n"
                + "      crossZoneLoadBalancing: true\n"
                + "      sslCertificate: arn:aws:acm:us-test-1:123456789012:certificate/abc\n");
    String elb = blocks(hcl(b)).get("aws_elb.api-privateweave-example-com");
    assertThat(elb)
        .contains("  cross_zone_load_balancing   = true\n")
        .contains("  idle_timeout = 3600\n")
        .contains("  internal     = true\n")
        .contains("    instance_protocol  = \"SSL\"\n")
        .contains("    lb_protocol        = \"SSL\"\n")
        .contains(
            "    ssl_certificate_id = \"arn:aws:acm:us-test-1:123456789012:certificate/abc\"\n")
        // Internal: in the private subnet, not the utility one.
        .contains("subnets         = [aws_subnet.us-test-1a-privateweave-example-com.id]");
  }

  @Test
  void settingsItDoesNotWriteAreWarnedAbout() throws Exception {
    ClusterBundle b =
        withLoadBalancer(
            "      accessLog:\n        bucket: logs\n      additionalSecurityGroups:\n"
                + "      - sg-0123\n");
    assertThat(AwsTerraform.notWritten(AwsCluster.of(b)))
        .hasSize(2)
        .anySatisfy(w -> assertThat(w).contains("spec.api.loadBalancer.accessLog"))
        .anySatisfy(w -> assertThat(w).contains("spec.api.loadBalancer.additionalSecurityGroups"));
  }

  @Test
  void isCrossZoneWithoutDns() throws Exception {
    ClusterBundle b =
        privateweave(y -> y.replace("  topology:\n", "  topology:\n    dns:\n      type: None\n"));
    assertThat(blocks(hcl(b)).get("aws_elb.api-privateweave-example-com"))
        .contains("  cross_zone_load_balancing   = true\n");
  }

  @Test
  void aValueAwsWouldRefuseNamesItsField() throws Exception {
    // Each case is read before its assertion: without kops' cases the test is skipped, and the
    // skip must not be caught as the wrong exception.
    ClusterBundle noIdle = withLoadBalancer("      idleTimeoutSeconds: 0\n");
    assertThatThrownBy(() -> hcl(noIdle))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("spec.api.loadBalancer.idleTimeoutSeconds");
    ClusterBundle maybe = withLoadBalancer("      crossZoneLoadBalancing: maybe\n");
    assertThatThrownBy(() -> hcl(maybe))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("spec.api.loadBalancer.crossZoneLoadBalancing");
    ClusterBundle application =
        privateweave(
            y ->
                y.replaceFirst(
                    "\nspec:\n", "\nspec:\n  api:\n    loadBalancer:\n      class: Application\n"));
    assertThatThrownBy(() -> hcl(application))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("spec.api.loadBalancer.class \"Application\"");
  }
}
