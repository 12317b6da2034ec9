package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.terraform.TerraformConfig;
import dev.jkops.cloud.terraform.TerraformHclWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The node-termination-handler's queue mode against kops' own kubernetes.tf: the event rules, their
 * targets and the lifecycle hooks byte for byte, the event patterns as kops' data files, and the
 * queue with kops' name, retention and tags; its policy is kops' statement, attached once Terraform
 * knows the queue's ARN (kops builds the ARN from the account id, which offline output has not).
 */
class TerraformNodeTerminationHandlerTest {
  private static final Pattern BLOCK =
      Pattern.compile("(?ms)^resource \"(\\S+)\" \"(\\S+)\" \\{\\n.*?^\\}\\n");
  static final List<String> IDENTICAL =
      List.of(
          "aws_cloudwatch_event_rule",
          "aws_cloudwatch_event_target",
          "aws_autoscaling_lifecycle_hook");

  @ParameterizedTest
  @ValueSource(strings = {"minimal-aws@HEAD", "privatecalico@HEAD", "privateflannel@HEAD"})
  void queueRulesTargetsAndHooksMatchKops(String caseName) throws Exception {
    ClusterBundle bundle = AwsCases.bundle(caseName);
    TerraformConfig config = AwsTerraform.config(AwsCluster.of(bundle), AwsCases.resources(bundle));
    Map<String, String> ours = blocks(TerraformHclWriter.write(config));
    Map<String, String> theirs = blocks(AwsCases.expectedHcl(caseName));
    int compared = 0;
    for (var e : theirs.entrySet()) {
      String type = e.getKey().substring(0, e.getKey().indexOf('.'));
      if (IDENTICAL.contains(type)) {
        assertThat(ours.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        compared++;
      }
    }
    assertThat(compared)
        .as("kops writes 4 rules, 4 targets and a hook per group")
        .isGreaterThanOrEqualTo(10);
    assertThat(
            ours.keySet().stream()
                .filter(a -> IDENTICAL.stream().anyMatch(t -> a.startsWith(t + ".")))
                .count())
        .as("no rule, target or hook kops does not write")
        .isEqualTo(compared);

    String queue = "aws_sqs_queue." + bundle.name().replace('.', '-') + "-nth";
    assertThat(ours.get(queue)).isEqualTo(theirs.get(queue).replaceAll("(?m)^  policy .*\\n", ""));

    Path data = AwsCases.dir().resolve(caseName).resolve("data");
    for (String event : NodeTerminationHandlerTerraform.EVENT_PATTERNS.keySet()) {
      String file = "aws_cloudwatch_event_rule_" + bundle.name() + "-" + event + "_event_pattern";
      assertThat(config.dataFiles().get(file))
          .as(file)
          .isEqualTo(Files.readString(data.resolve(file)));
    }
    String policy = "aws_sqs_queue_" + bundle.name().replace('.', '-') + "-nth_policy";
    String kopsArn =
        "arn:aws-test:sqs:us-test-1:123456789012:" + bundle.name().replace('.', '-') + "-nth";
    assertThat(
            config
                .dataFiles()
                .get("aws_sqs_queue_policy_" + bundle.name().replace('.', '-') + "-nth_policy")
                .replace("${queue_arn}", kopsArn))
        .isEqualTo(Files.readString(data.resolve(policy)));
  }

  @Test
  void nothingWhenTheSpecTurnsTheHandlerOrItsQueueOff() {
    for (Map<String, Object> nth :
        List.<Map<String, Object>>of(
            Map.of("enabled", false),
            Map.of("enabled", true, "enableSQSTerminationDraining", false))) {
      ClusterBundle bundle = AwsCases.bundle("minimal-aws@HEAD");
      var spec = bundle.cluster().spec().toBuilder();
      spec.extra = new LinkedHashMap<>(spec.extra);
      spec.extra.put("nodeTerminationHandler", nth);
      var cluster = bundle.cluster();
      ClusterBundle off =
          new ClusterBundle(
              new dev.jkops.api.Cluster(
                  cluster.apiVersion(),
                  cluster.kind(),
                  cluster.metadata(),
                  spec.build(),
                  cluster.extra()),
              bundle.instanceGroups());
      TerraformConfig config = AwsTerraform.config(AwsCluster.of(off), AwsCases.resources(off));
      assertThat(config.resources())
          .as("%s", nth)
          .noneMatch(
              r ->
                  r.type().startsWith("aws_sqs")
                      || r.type().startsWith("aws_cloudwatch")
                      || r.type().equals("aws_autoscaling_lifecycle_hook"));
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
