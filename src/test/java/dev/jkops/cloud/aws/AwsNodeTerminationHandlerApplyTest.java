package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.DryRun;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The direct apply makes the node-termination-handler's queue mode as the Terraform output writes
 * it (kops' names, patterns, retention and hooks): the SQS queue with a policy letting EventBridge
 * send to it, the four rules each pointing at the queue, and a terminating-instance hook on every
 * autoscaling group. Checked against jkops' in-process fakes of SQS, EventBridge and Auto Scaling.
 */
class AwsNodeTerminationHandlerApplyTest {
  static final String CASE = "privatecalico@HEAD";
  static final String CLUSTER = "privatecalico.example.com";
  static final String QUEUE = "privatecalico-example-com-nth";

  final FakeAws aws = new FakeAws();
  final AwsClusterResources cloud = cloudOn(aws);

  static AwsClusterResources cloudOn(FakeAws aws) {
    return new AwsClusterResources(aws.clients(), new AwsRetry(8, 1, 8, ms -> {}));
  }

  static Plan<AwsResource> apply(AwsClusterResources cloud, ClusterBundle bundle) {
    return cloud.apply(bundle, cloud.networkPlan(bundle, IpamState.empty()), ProgressListener.NONE);
  }

  static Plan<AwsResource> plan(AwsClusterResources cloud, ClusterBundle bundle) {
    return cloud.plan(bundle, cloud.networkPlan(bundle, IpamState.empty()));
  }

  static ClusterBundle withSpec(String lines) throws Exception {
    Path file = AwsCases.dir().resolve(CASE).resolve("in-v1alpha2.yaml");
    YamlCodec.Documents docs =
        YamlCodec.read(
            Files.readString(file).replaceFirst("\nspec:\n", "\nspec:\n" + lines), file.toString());
    return new ClusterBundle(docs.clusters().get(0), docs.instanceGroups());
  }

  /** The resources of one Terraform type the Terraform output writes for the same spec. */
  static Set<String> terraformNames(ClusterBundle bundle, String type) {
    return AwsTerraform.config(AwsCluster.of(bundle), AwsCases.resources(bundle))
        .resources()
        .stream()
        .filter(r -> r.type().equals(type))
        .map(r -> String.valueOf(r.attributes().get("name")))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void makesKopsQueueRulesTargetsAndHooksAsTerraformWritesThem() throws Exception {
    ClusterBundle bundle = AwsCases.bundle(CASE);
    String preview = DryRun.render(plan(cloud, bundle));
    assertThat(preview)
        .contains(QUEUE, CLUSTER + "-ASGLifecycle", "nodes-NTHLifecycleHook")
        .contains("EventBridgeTarget", "SQSQueuePolicy");
    assertThat(aws.sqs.queues).as("the dry run changes nothing").isEmpty();

    apply(cloud, bundle);

    var queue = aws.sqs.queues.get(QUEUE);
    assertThat(queue).as("queue " + QUEUE).isNotNull();
    assertThat(queue.attributes())
        .containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "300");
    assertThat(queue.tags())
        .containsEntry("KubernetesCluster", CLUSTER)
        .containsEntry("Name", QUEUE)
        .containsEntry("kubernetes.io/cluster/" + CLUSTER, "owned");
    String arn = queue.attributes().get(QueueAttributeName.QUEUE_ARN);
    JsonNode policy =
        new ObjectMapper().readTree(queue.attributes().get(QueueAttributeName.POLICY));
    JsonNode statement = policy.get("Statement").get(0);
    assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
    assertThat(statement.get("Action").asText()).isEqualTo("sqs:SendMessage");
    assertThat(statement.get("Resource").asText()).as("the queue's own ARN").isEqualTo(arn);
    assertThat(statement.get("Principal").get("Service").toString())
        .contains("events.amazonaws.com");

    assertThat(aws.events.rules.keySet())
        .containsExactlyInAnyOrderElementsOf(terraformNames(bundle, "aws_cloudwatch_event_rule"));
    for (var e : NodeTerminationHandler.EVENT_PATTERNS.entrySet()) {
      var rule = aws.events.rules.get(CLUSTER + "-" + e.getKey());
      assertThat(rule.pattern()).isEqualTo(e.getValue());
      assertThat(rule.targets().values())
          .as(rule.name() + " sends to the queue")
          .containsExactly(arn);
      assertThat(rule.tags()).containsEntry("kubernetes.io/cluster/" + CLUSTER, "owned");
    }

    Set<String> hooks = new TreeSet<>();
    aws.autoscaling.hooks.forEach(
        (group, hs) ->
            hs.values()
                .forEach(
                    h -> {
                      assertThat(h.lifecycleTransition())
                          .isEqualTo("autoscaling:EC2_INSTANCE_TERMINATING");
                      assertThat(h.heartbeatTimeout()).isEqualTo(300);
                      assertThat(h.defaultResult()).isEqualTo("CONTINUE");
                      hooks.add(h.lifecycleHookName());
                    }));
    assertThat(hooks)
        .isEqualTo(terraformNames(bundle, "aws_autoscaling_lifecycle_hook"))
        .hasSize(aws.autoscaling.groups.size());
    assertThat(aws.autoscaling.hooks.get("nodes." + CLUSTER))
        .containsOnlyKeys("nodes-NTHLifecycleHook");

    Plan<AwsResource> again = plan(cloud, bundle);
    assertThat(again.changes()).as(DryRun.render(again)).isEmpty();

    cloud.delete(AwsCluster.of(bundle), ProgressListener.NONE);
    assertThat(aws.sqs.queues).isEmpty();
    assertThat(aws.events.rules).isEmpty();
    assertThat(aws.autoscaling.hooks.values()).allMatch(Map::isEmpty);
    assertThat(aws.inventory()).isEmpty();
  }

  @Test
  void turnedOffInTheSpecThereIsNoneAndWhatWasMadeGoes() throws Exception {
    apply(cloud, AwsCases.bundle(CASE));
    assertThat(aws.events.rules).hasSize(4);

    ClusterBundle off = withSpec("  nodeTerminationHandler:\n    enabled: false\n");
    assertThat(terraformNames(off, "aws_sqs_queue")).isEmpty();
    apply(cloud, off);

    assertThat(aws.sqs.queues).isEmpty();
    assertThat(aws.events.rules).isEmpty();
    assertThat(aws.autoscaling.hooks.values()).allMatch(Map::isEmpty);
    assertThat(aws.autoscaling.groups).isNotEmpty();
    assertThat(plan(cloud, off).changes()).isEmpty();
  }

  @Test
  void aRunCutShortBetweenARuleAndItsTargetIsFinishedByTheNext() {
    ClusterBundle bundle = AwsCases.bundle(CASE);
    FakeAws clean = new FakeAws();
    apply(cloudOn(clean), bundle);
    List<String> reference = clean.inventory();

    for (String cutAt :
        List.of("createQueue", "setQueueAttributes", "putTargets", "putLifecycleHook")) {
      FakeAws crashed = new FakeAws();
      crashed.crashAtCall(clean.calls.indexOf(cutAt) + 2);
      try {
        apply(cloudOn(crashed), bundle);
        throw new AssertionError("the run was to stop after " + cutAt);
      } catch (FakeAws.SimulatedCrash expected) {
        // the process "died" right after the call
      }
      apply(cloudOn(crashed), bundle);
      assertThat(crashed.inventory()).as("after a crash past " + cutAt).isEqualTo(reference);
      assertThat(plan(cloudOn(crashed), bundle).changes()).isEmpty();
    }
  }

  @Test
  void aRulePatternChangedByHandIsPutBack() {
    ClusterBundle bundle = AwsCases.bundle(CASE);
    apply(cloud, bundle);
    String name = CLUSTER + "-SpotInterruption";
    var rule = aws.events.rules.get(name);
    aws.events.rules.put(
        name,
        new dev.jkops.cloud.aws.fake.FakeEventBridge.Rule(
            name, rule.arn(), "{\"source\":[\"aws.ec2\"]}", rule.tags(), rule.targets()));

    Plan<AwsResource> p = plan(cloud, bundle);
    assertThat(p.changes()).hasSize(1);
    assertThat(DryRun.render(p)).contains(name, "EventPattern");
    apply(cloud, bundle);
    assertThat(aws.events.rules.get(name).pattern())
        .isEqualTo(NodeTerminationHandler.EVENT_PATTERNS.get("SpotInterruption"));
  }
}
