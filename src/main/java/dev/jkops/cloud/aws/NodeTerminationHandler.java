package dev.jkops.cloud.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node-termination-handler's queue mode as kops builds it on AWS: EventBridge rules for the
 * events that end an instance send them to an SQS queue the handler (on the control plane) reads,
 * and each autoscaling group holds a terminating instance (a lifecycle hook) until the handler has
 * drained it. kops enables it on AWS unless {@code spec.nodeTerminationHandler} says {@code
 * enabled: false} or {@code enableSQSTerminationDraining: false}. The same resources are applied
 * directly and written as Terraform ({@link NodeTerminationHandlerTerraform}).
 */
final class NodeTerminationHandler {
  private NodeTerminationHandler() {}

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
   * How long a terminating instance waits for the handler before it goes anyway, as kops sets it;
   * the queue keeps a message as long.
   */
  static final int HEARTBEAT_SECONDS = 300;

  static final String HOOK_SUFFIX = "-NTHLifecycleHook";
  static final String TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";

  /** True when the spec (or kops' default) has the handler drain from its SQS queue. */
  static boolean queueMode(AwsCluster c) {
    if (!(c.spec().extra().get("nodeTerminationHandler") instanceof Map<?, ?> nth)) {
      return true;
    }
    return !Boolean.FALSE.equals(nth.get("enabled"))
        && !Boolean.FALSE.equals(nth.get("enableSQSTerminationDraining"));
  }

  /** The queue's name: the cluster's with dashes for dots, then {@code -nth}. */
  static String queueName(String cluster) {
    return cluster.replace('.', '-') + "-nth";
  }

  /** The rules' names: the cluster's, a dash, the event. */
  static List<String> ruleNames(String cluster) {
    return EVENT_PATTERNS.keySet().stream().map(e -> cluster + "-" + e).toList();
  }

  /** kops' statement: EventBridge (and SQS) may send to the queue. */
  static String queuePolicy() {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Action", "sqs:SendMessage");
    statement.put("Effect", "Allow");
    statement.put(
        "Principal", Map.of("Service", List.of("events.amazonaws.com", "sqs.amazonaws.com")));
    statement.put("Resource", SqsQueuePolicy.QUEUE_ARN);
    return IamPolicies.document(List.of(statement));
  }

  /**
   * The queue, its policy, the rules and their targets, and a hook per autoscaling group the
   * cluster owns; nothing when the handler is not in queue mode.
   */
  static List<AwsResource> build(AwsCluster c, List<AwsResource> resources) {
    List<AwsResource> out = new ArrayList<>();
    if (!queueMode(c)) {
      return out;
    }
    String queue = queueName(c.name());
    out.add(new SqsQueue(queue, HEARTBEAT_SECONDS, Tags.owned(c.name(), queue)));
    out.add(new SqsQueuePolicy(queue, SqsQueue.idOf(queue), queuePolicy()));
    EVENT_PATTERNS.forEach(
        (event, pattern) -> {
          String rule = c.name() + "-" + event;
          out.add(new EventRule(rule, pattern, Tags.owned(c.name(), rule)));
          out.add(new EventTarget(rule + "-Target", EventRule.idOf(rule), SqsQueue.idOf(queue)));
        });
    for (AwsResource r : resources) {
      if (r instanceof AutoscalingGroup g && !g.shared()) {
        out.add(
            new LifecycleHook(
                g.instanceGroup() + HOOK_SUFFIX,
                g.id(),
                TERMINATING,
                HEARTBEAT_SECONDS,
                "CONTINUE"));
      }
    }
    return out;
  }
}
