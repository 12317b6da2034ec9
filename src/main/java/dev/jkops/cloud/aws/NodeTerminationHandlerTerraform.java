package dev.jkops.cloud.aws;

import dev.jkops.cloud.terraform.TfExpr;
import java.util.Map;

/**
 * The node-termination-handler's resources ({@link NodeTerminationHandler}) as kops writes them for
 * Terraform: the event patterns in data files named as kops names them, and the queue's policy
 * attached by an {@code aws_sqs_queue_policy}. kops writes the policy inline with the queue's ARN,
 * which it builds from the account id it asks STS for; Terraform output is written offline, so the
 * same statement is attached once Terraform knows the queue's ARN.
 */
final class NodeTerminationHandlerTerraform {
  private NodeTerminationHandlerTerraform() {}

  /** kops' rules: name suffix to the event pattern. */
  static final Map<String, String> EVENT_PATTERNS = NodeTerminationHandler.EVENT_PATTERNS;

  /** True when the spec (or kops' default) has the handler drain from its SQS queue. */
  static boolean queueMode(AwsCluster c) {
    return NodeTerminationHandler.queueMode(c);
  }

  static void queue(SqsQueue q, Map<String, Object> a) {
    a.put("message_retention_seconds", q.retentionSeconds());
    a.put("name", q.name());
  }

  static void queuePolicy(SqsQueuePolicy p, Map<String, Object> a, Map<String, String> dataFiles) {
    String file = "aws_sqs_queue_policy_" + p.name() + "_policy";
    dataFiles.put(file, p.policy());
    a.put(
        "policy",
        new TfExpr(
            "templatefile(\"${path.module}/data/"
                + file
                + "\", { queue_arn = "
                + AwsTerraform.ref(p.queue(), "arn").expression()
                + " })"));
    a.put("queue_url", AwsTerraform.ref(p.queue(), "id"));
  }

  static void rule(EventRule r, Map<String, Object> a, Map<String, String> dataFiles) {
    String file = "aws_cloudwatch_event_rule_" + r.name() + "_event_pattern";
    dataFiles.put(file, r.pattern() + "\n");
    a.put("event_pattern", TfExpr.file(file));
    a.put("name", r.name());
  }

  static void target(EventTarget t, Map<String, Object> a) {
    a.put("arn", AwsTerraform.ref(t.queue(), "arn"));
    a.put("rule", AwsTerraform.ref(t.rule(), "id"));
  }

  static void hook(LifecycleHook h, Map<String, Object> a) {
    a.put("autoscaling_group_name", AwsTerraform.ref(h.group(), "id"));
    a.put("default_result", h.defaultResult());
    a.put("heartbeat_timeout", h.heartbeatSeconds());
    a.put("lifecycle_transition", h.transition());
    a.put("name", h.name());
  }
}
