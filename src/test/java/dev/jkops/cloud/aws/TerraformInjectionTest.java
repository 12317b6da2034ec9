package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.InstanceGroup;
import dev.jkops.api.InstanceGroupSpec;
import dev.jkops.cloud.terraform.TerraformConfig;
import dev.jkops.cloud.terraform.TerraformFormat;
import dev.jkops.cloud.terraform.TerraformHclWriter;
import dev.jkops.cloud.terraform.TerraformOutput;
import dev.jkops.cloud.terraform.TfResource;
import dev.jkops.testing.TerraformJudge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 17, item 4: text from a spec must reach Terraform as text. Quoted HCL strings and every
 * string of Terraform's JSON syntax are templates, so an unescaped {@code ${file("/etc/hostname")}}
 * in a spec field was evaluated by {@code terraform plan}. Terraform itself reads back what jkops
 * wrote, and the spec fields that cannot be AWS values are refused before anything is written.
 */
class TerraformInjectionTest {
  static final String HOSTNAME_CALL = "${file(\"/etc/hostname\")}";
  @TempDir Path dir;

  /** Strings that would be evaluated, end the string or break the line if written unescaped. */
  static Map<String, String> hostileTags() {
    Map<String, String> tags = new TreeMap<>();
    tags.put("interpolation", HOSTNAME_CALL);
    tags.put("directive", "%{ if true }yes%{ endif }");
    tags.put("already-escaped", "$${x} and $$${y} and %%{z}");
    tags.put("lone", "100% $ { } $");
    tags.put("quotes", "a \"quoted\" \\ back\\slash \\\" ${");
    tags.put("controls", "line1\nline2\r\ttab\u0001bell\u007f\u2028end");
    tags.put("k" + HOSTNAME_CALL, "key is text too");
    return tags;
  }

  @Test
  void hclQuotesTemplatesAndControlCharactersAsText() {
    assertThat(TerraformHclWriter.quote(HOSTNAME_CALL))
        .isEqualTo("\"$${file(\\\"/etc/hostname\\\")}\"");
    assertThat(TerraformHclWriter.quote("%{ if x }")).isEqualTo("\"%%{ if x }\"");
    assertThat(TerraformHclWriter.quote("a\nb\tc\u0001")).isEqualTo("\"a\\nb\\tc\\u0001\"");
    assertThat(TerraformHclWriter.quote("$ 100%")).isEqualTo("\"$ 100%\"");
  }

  @ParameterizedTest
  @EnumSource(TerraformFormat.class)
  void terraformReadsEveryStringBackAsWritten(TerraformFormat format) throws Exception {
    TerraformJudge judge = TerraformJudge.open();
    try (judge) {
      Map<String, Object> vpc = new HashMap<>();
      vpc.put("cidr_block", "10.0.0.0/16");
      vpc.put("tags", hostileTags());
      TreeMap<String, Object> outputs =
          new TreeMap<>(Map.of("hostile", HOSTNAME_CALL + " %{ if true }x%{ endif }"));
      TerraformConfig config =
          new TerraformConfig(
              "us-test-1",
              List.of(new TfResource("aws_vpc", "v", new TreeMap<>(vpc))),
              outputs,
              new TreeMap<>());
      Path out = dir.resolve(format.name());
      TerraformOutput.write(out, config, format);
      judge.prepare(out);

      JsonNode planned = judge.plannedValues(out);
      JsonNode tags =
          planned.path("root_module").path("resources").path(0).path("values").path("tags");
      Map<String, String> got = new TreeMap<>();
      tags.fields().forEachRemaining(e -> got.put(e.getKey(), e.getValue().asText()));
      assertThat(got).as("tags as Terraform would send them to AWS").isEqualTo(hostileTags());
      assertThat(planned.path("outputs").path("hostile").path("value").asText())
          .isEqualTo(HOSTNAME_CALL + " %{ if true }x%{ endif }");
      String hostname = Files.readString(Path.of("/etc/hostname")).strip();
      assertThat(planned.toString())
          .as("nothing read /etc/hostname")
          .doesNotContain("\"" + hostname + "\"");
    }
  }

  @Test
  void specFieldsAwsCannotTakeAreRefusedWithTheFieldAndTheFix() {
    ClusterBundle b = AwsCases.bundle("privatecalico@HEAD");
    List<InstanceGroup> groups = new ArrayList<>();
    for (InstanceGroup ig : b.instanceGroups()) {
      InstanceGroupSpec s = ig.spec();
      Map<String, Object> extra = new HashMap<>(s.extra());
      if (ig.name().equals("nodes")) {
        extra.put("image", "ami-123\n" + HOSTNAME_CALL);
      }
      String machineType =
          ig.name().equals("nodes") ? "t3.medium" + HOSTNAME_CALL : s.machineType();
      groups.add(
          new InstanceGroup(
              ig.apiVersion(),
              ig.kind(),
              ig.metadata(),
              new InstanceGroupSpec(
                  s.role(),
                  s.subnets(),
                  machineType,
                  s.minSize(),
                  s.maxSize(),
                  s.rollingUpdate(),
                  s.nodeLabels(),
                  s.additionalSecurityGroups(),
                  extra),
              ig.extra()));
    }
    ClusterBundle hostile = new ClusterBundle(b.cluster(), groups);
    assertThatThrownBy(() -> AwsCases.resources(hostile))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining(
            "instance group nodes: spec.machineType \"t3.medium"
                + HOSTNAME_CALL
                + "\" is not an EC2 instance type")
        .hasMessageContaining("use one such as t3.medium")
        .hasMessageContaining("instance group nodes: spec.image \"ami-123\\u000a")
        .hasMessageContaining("2 fields")
        .hasMessageContaining("jkops edit")
        .message()
        .doesNotContain("\n");
    assertThat(AwsCases.resources(b)).as("kops' own case passes").isNotEmpty();
    assertThat(AwsCluster.of(hostile).region())
        .as("validate and delete still find the cluster")
        .isEqualTo("us-test-1");
  }

  @Test
  void accessListsMustBeBareCidrs() {
    ClusterBundle b = AwsCases.bundle("privatecalico@HEAD");
    var spec = b.cluster().spec();
    var changed =
        new dev.jkops.api.ClusterSpec(
            spec.cloudProvider(),
            spec.kubernetesVersion(),
            spec.networkCIDR(),
            spec.additionalNetworkCIDRs(),
            spec.networkID(),
            spec.nonMasqueradeCIDR(),
            spec.podCIDR(),
            spec.serviceClusterIPRange(),
            spec.subnets(),
            spec.topology(),
            spec.networking(),
            spec.api(),
            List.of("0.0.0.0/\t0", "::/0"),
            List.of("10.0.0.0/8" + HOSTNAME_CALL),
            spec.kubeControllerManager(),
            spec.kubeProxy(),
            spec.kubelet(),
            spec.rollingUpdate(),
            spec.cloudConfig(),
            spec.extra());
    ClusterBundle hostile = new ClusterBundle(b.cluster().withSpec(changed), b.instanceGroups());
    assertThatThrownBy(() -> AwsCases.resources(hostile))
        .isInstanceOf(AwsException.class)
        // a tab inside the entry: ClusterSpec strips only its ends (as it stores what was checked)
        .hasMessageContaining(
            "spec.sshAccess[0] \"0.0.0.0/\\u00090\" is not a CIDR as AWS takes it")
        .hasMessageContaining("spec.kubernetesApiAccess[0] \"10.0.0.0/8" + HOSTNAME_CALL + "\"")
        .message()
        .doesNotContain("sshAccess[1]");
  }

  @Test
  void aNameThatIsNotATerraformIdentifierIsRefused() {
    assertThatThrownBy(() -> new TfResource("aws_vpc", "1-example-com", new TreeMap<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"1-example-com\" cannot name a Terraform resource");
    assertThatThrownBy(() -> new TfResource("aws_vpc", "x\" {}\nresource \"y", new TreeMap<>()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
