package dev.jkops.cloud.aws;

import dev.jkops.cloud.terraform.TfExpr;
import dev.jkops.cloud.terraform.TfResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The node-termination-handler's queue mode as kops writes it for Terraform: EventBridge rules for
 * the events that end an instance send them to an SQS queue the handler (on the control plane)
 * reads, and each autoscaling group holds a terminating instance (a lifecycle hook) until the
 * handler has drained it. kops enables it on AWS unless {@code spec.nodeTerminationHandler} says
 * {@code enabled: false} or {@code enableSQSTerminationDraining: false}.
 */
final class NodeTerminationHandlerTerraform {
  private NodeTerminationHandlerTerraform() {}

  /** kops' rules: name suffix to the event pattern it writes in the rule's data file. */
  static final Map<String, String> EVENT_PATTERNS = eventPatterns();

  private static Map<String, String> eventPatterns() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "ASGLifecycle",
        "{\"source\":[\"aws.autoscaling\"],\"detail-type\":[\"EC2 Instance-terminate Lifecycle Action\"]}");
    m.put(
        "SpotInterruption",
        "{\"source\": [\"aws.ec2\"],\"detail-type\": [\"EC2 Spot Instance Interruption Warning\"]}");
    m.put(
        "InstanceStateChange",
        "{\"source\": [\"aws.ec2\"],\"detail-type\": [\"EC2 Instance State-change Notification\"]}");
    m.put(
        "InstanceScheduledChange",
        "{\"source\": [\"aws.health\"],\"detail-type\": [\"AWS Health Event\"],"
            + "\"detail\": {\"service\": [\"EC2\"],\"eventTypeCategory\": [\"scheduledChange\"]}}");
    return m;
  }

  /**
   * How long a terminating instance waits for the handler before it goes anyway, as kops sets it.
   */
  static final int HEARTBEAT_SECONDS = 300;

  /** True when the spec (or kops' default) has the handler drain from its SQS queue. */
  static boolean queueMode(AwsCluster c) {
    if (!(c.spec().extra().get("nodeTerminationHandler") instanceof Map<?, ?> nth)) {
      return true;
    }
    return !Boolean.FALSE.equals(nth.get("enabled"))
        && !Boolean.FALSE.equals(nth.get("enableSQSTerminationDraining"));
  }

  /** The queue's name: the cluster's with dashes for dots, then {@code -nth}. */
  static String queueName(AwsCluster c) {
    return c.name().replace('.', '-') + "-nth";
  }

  /**
   * The queue, its policy, the rules and their targets, and a hook per autoscaling group, adding
   * the event patterns and the policy to {@code dataFiles}; nothing when the handler is not in
   * queue mode.
   */
  static List<TfResource> build(
      AwsCluster c, List<AwsResource> resources, Map<String, String> dataFiles) {
    List<TfResource> out = new ArrayList<>();
    if (!queueMode(c)) {
      return out;
    }
    String queue = queueName(c);
    SortedMap<String, Object> q = new TreeMap<>();
    q.put("message_retention_seconds", 300);
    q.put("name", queue);
    q.put("tags", Tags.owned(c.name(), queue));
    out.add(new TfResource("aws_sqs_queue", queue, q));

    // kops writes the queue's own ARN into the policy, with the account id it asks STS for.
    // Terraform
    // output is written offline, so the policy is attached once Terraform knows the queue's ARN.
    String policyFile = "aws_sqs_queue_policy_" + queue + "_policy";
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Action", "sqs:SendMessage");
    statement.put("Effect", "Allow");
    statement.put(
        "Principal", Map.of("Service", List.of("events.amazonaws.com", "sqs.amazonaws.com")));
    statement.put("Resource", "${queue_arn}");
    dataFiles.put(policyFile, IamPolicies.document(List.of(statement)));
    SortedMap<String, Object> p = new TreeMap<>();
    p.put(
        "policy",
        new TfExpr(
            "templatefile(\"${path.module}/data/"
                + policyFile
                + "\", { queue_arn = "
                + TfExpr.ref("aws_sqs_queue", queue, "arn").expression()
                + " })"));
    p.put("queue_url", TfExpr.ref("aws_sqs_queue", queue, "id"));
    out.add(new TfResource("aws_sqs_queue_policy", queue, p));

    EVENT_PATTERNS.forEach(
        (event, pattern) -> {
          String rule = c.name() + "-" + event;
          String ruleTf = AwsCluster.tfSanitize(rule);
          String file = "aws_cloudwatch_event_rule_" + rule + "_event_pattern";
          dataFiles.put(file, pattern + "\n");
          SortedMap<String, Object> r = new TreeMap<>();
          r.put("event_pattern", TfExpr.file(file));
          r.put("name", rule);
          r.put("tags", Tags.owned(c.name(), rule));
          out.add(new TfResource("aws_cloudwatch_event_rule", ruleTf, r));
          SortedMap<String, Object> t = new TreeMap<>();
          t.put("arn", TfExpr.ref("aws_sqs_queue", queue, "arn"));
          t.put("rule", TfExpr.ref("aws_cloudwatch_event_rule", ruleTf, "id"));
          out.add(new TfResource("aws_cloudwatch_event_target", ruleTf + "-Target", t));
        });

    for (AwsResource r : resources) {
      if (r instanceof AutoscalingGroup g && !g.shared()) {
        String hook = g.instanceGroup() + "-NTHLifecycleHook";
        SortedMap<String, Object> h = new TreeMap<>();
        h.put("autoscaling_group_name", AwsTerraform.ref(g.id(), "id"));
        h.put("default_result", "CONTINUE");
        h.put("heartbeat_timeout", HEARTBEAT_SECONDS);
        h.put("lifecycle_transition", "autoscaling:EC2_INSTANCE_TERMINATING");
        h.put("name", hook);
        out.add(new TfResource("aws_autoscaling_lifecycle_hook", AwsCluster.tfSanitize(hook), h));
      }
    }
    return out;
  }
}
