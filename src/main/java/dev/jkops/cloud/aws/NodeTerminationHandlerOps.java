package dev.jkops.cloud.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.tasks.ResourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The node-termination-handler's resources through SQS, EventBridge and Auto Scaling. Everything is
 * found by its name (the queue's, the rules', the hooks' and their groups'), so a resource is found
 * again whatever ran before it, and a run cut short after a create finds what it made. Rules and
 * queues carry the cluster's tags; a hook is the cluster's through its group.
 */
final class NodeTerminationHandlerOps {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsContext c;

  NodeTerminationHandlerOps(AwsContext c) {
    this.c = c;
  }

  /** Empty where AWS says the thing does not exist (any of {@code codes}). */
  private <T> Optional<T> unlessMissing(Supplier<T> find, String... codes) {
    try {
      return Optional.ofNullable(find.get());
    } catch (AwsException e) {
      if (e.getCause() instanceof AwsServiceException ase
          && List.of(codes).contains(AwsRetry.code(ase))) {
        return Optional.empty();
      }
      throw e;
    }
  }

  // SQS answers a missing queue with this code in its JSON protocol and the older one in its query
  // protocol.
  private static final String[] NO_QUEUE = {
    "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"
  };

  private Optional<String> queueUrl(String name) {
    return unlessMissing(
        () ->
            c.retry()
                .call(
                    "finding SQS queue " + name,
                    () -> c.clients().sqs().getQueueUrl(r -> r.queueName(name)))
                .queueUrl(),
        NO_QUEUE);
  }

  private Map<QueueAttributeName, String> attributes(String name, String url) {
    return c.retry()
        .callAfterCreate(
            "reading SQS queue " + name,
            () ->
                c.clients()
                    .sqs()
                    .getQueueAttributes(
                        r ->
                            r.queueUrl(url)
                                .attributeNames(
                                    QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                                    QueueAttributeName.QUEUE_ARN,
                                    QueueAttributeName.POLICY)))
        .attributes();
  }

  Optional<AwsResource> findQueue(SqsQueue d) {
    return queueUrl(d.name()).map(url -> queue(d.name(), url));
  }

  private SqsQueue queue(String name, String url) {
    var attrs = attributes(name, url);
    var tags =
        c.retry()
            .call(
                "reading the tags of SQS queue " + name,
                () -> c.clients().sqs().listQueueTags(r -> r.queueUrl(url)))
            .tags();
    SqsQueue live =
        new SqsQueue(
            name,
            Integer.parseInt(attrs.getOrDefault(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "0")),
            new TreeMap<>(tags));
    c.ids().put(live.id(), url);
    return live;
  }

  void createQueue(SqsQueue d) {
    String url =
        c.retry()
            .call(
                "creating SQS queue " + d.name(),
                () ->
                    c.clients()
                        .sqs()
                        .createQueue(
                            r ->
                                r.queueName(d.name())
                                    .attributes(
                                        Map.of(
                                            QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                                            Integer.toString(d.retentionSeconds())))
                                    .tags(d.tags())))
            .queueUrl();
    c.ids().put(d.id(), url);
  }

  void updateQueue(SqsQueue live, SqsQueue d) {
    String url = c.ids().require(d.id());
    if (live.retentionSeconds() != d.retentionSeconds()) {
      c.retry()
          .run(
              "changing SQS queue " + d.name(),
              () ->
                  c.clients()
                      .sqs()
                      .setQueueAttributes(
                          r ->
                              r.queueUrl(url)
                                  .attributes(
                                      Map.of(
                                          QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                                          Integer.toString(d.retentionSeconds())))));
    }
    if (!live.tags().equals(d.tags())) {
      c.retry()
          .run(
              "tagging SQS queue " + d.name(),
              () -> c.clients().sqs().tagQueue(r -> r.queueUrl(url).tags(d.tags())));
    }
  }

  void deleteQueue(SqsQueue live) {
    String url = c.ids().awsId(live.id()).or(() -> queueUrl(live.name())).orElse(null);
    if (url != null) {
      c.retry()
          .run(
              "deleting SQS queue " + live.name(),
              () -> c.clients().sqs().deleteQueue(r -> r.queueUrl(url)));
    }
  }

  Optional<AwsResource> findPolicy(SqsQueuePolicy d) {
    return queueUrl(d.name()).flatMap(url -> policy(d.name(), url, Optional.of(d.policy())));
  }

  /**
   * The queue's policy with its ARN put back to the placeholder; the desired text when the two mean
   * the same JSON (SQS may give back its own layout).
   */
  private Optional<AwsResource> policy(String name, String url, Optional<String> desired) {
    var attrs = attributes(name, url);
    String text = attrs.getOrDefault(QueueAttributeName.POLICY, "");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String arn = attrs.getOrDefault(QueueAttributeName.QUEUE_ARN, "");
    String live = arn.isEmpty() ? text : text.replace(arn, SqsQueuePolicy.QUEUE_ARN);
    String shown = desired.filter(d -> sameJson(d, live)).orElse(live);
    return Optional.of(new SqsQueuePolicy(name, SqsQueue.idOf(name), shown));
  }

  void putPolicy(SqsQueuePolicy d) {
    String url =
        c.ids()
            .awsId(d.queue())
            .or(() -> queueUrl(d.queue().name()))
            .orElseThrow(() -> missing(d.queue()));
    String arn = attributes(d.name(), url).get(QueueAttributeName.QUEUE_ARN);
    String policy = d.policy().replace(SqsQueuePolicy.QUEUE_ARN, arn);
    c.retry()
        .run(
            "setting the policy of SQS queue " + d.name(),
            () ->
                c.clients()
                    .sqs()
                    .setQueueAttributes(
                        r ->
                            r.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy))));
  }

  void deletePolicy(SqsQueuePolicy live) {
    queueUrl(live.name())
        .ifPresent(
            url ->
                c.retry()
                    .run(
                        "removing the policy of SQS queue " + live.name(),
                        () ->
                            c.clients()
                                .sqs()
                                .setQueueAttributes(
                                    r ->
                                        r.queueUrl(url)
                                            .attributes(Map.of(QueueAttributeName.POLICY, "")))));
  }

  private String queueArn(ResourceId queue) {
    String url =
        c.ids().awsId(queue).or(() -> queueUrl(queue.name())).orElseThrow(() -> missing(queue));
    return attributes(queue.name(), url).get(QueueAttributeName.QUEUE_ARN);
  }

  private static AwsException missing(ResourceId id) {
    return new AwsException(
        id + " is needed but does not exist yet; it should have been created first");
  }

  Optional<AwsResource> findRule(EventRule d) {
    return rule(d.name(), Optional.of(d.pattern()));
  }

  private Optional<AwsResource> rule(String name, Optional<String> desiredPattern) {
    return unlessMissing(
            () ->
                c.retry()
                    .call(
                        "finding EventBridge rule " + name,
                        () -> c.clients().events().describeRule(r -> r.name(name))),
            "ResourceNotFoundException")
        .map(
            rule -> {
              SortedMap<String, String> tags = new TreeMap<>();
              c.retry()
                  .call(
                      "reading the tags of EventBridge rule " + name,
                      () ->
                          c.clients().events().listTagsForResource(r -> r.resourceARN(rule.arn())))
                  .tags()
                  .forEach(t -> tags.put(t.key(), t.value()));
              String pattern = rule.eventPattern() == null ? "" : rule.eventPattern();
              String shown = desiredPattern.filter(p -> sameJson(p, pattern)).orElse(pattern);
              EventRule live = new EventRule(name, shown, tags);
              c.ids().put(live.id(), rule.arn());
              return live;
            });
  }

  /** Creates the rule, or makes an existing one match: EventBridge's put is an upsert. */
  void putRule(EventRule d) {
    String arn =
        c.retry()
            .call(
                "putting EventBridge rule " + d.name(),
                () ->
                    c.clients()
                        .events()
                        .putRule(
                            r ->
                                r.name(d.name())
                                    .eventPattern(d.pattern())
                                    .state(RuleState.ENABLED)
                                    .tags(eventTags(d.tags()))))
            .ruleArn();
    c.ids().put(d.id(), arn);
  }

  void updateRule(EventRule live, EventRule d) {
    putRule(d);
    // A put changes an existing rule's pattern but never its tags.
    if (!live.tags().equals(d.tags())) {
      String arn = c.ids().require(d.id());
      c.retry()
          .run(
              "tagging EventBridge rule " + d.name(),
              () ->
                  c.clients()
                      .events()
                      .tagResource(r -> r.resourceARN(arn).tags(eventTags(d.tags()))));
    }
  }

  void deleteRule(EventRule live) {
    c.retry()
        .run(
            "deleting EventBridge rule " + live.name(),
            () -> c.clients().events().deleteRule(r -> r.name(live.name())));
  }

  private static List<software.amazon.awssdk.services.eventbridge.model.Tag> eventTags(
      Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(
            e ->
                software.amazon.awssdk.services.eventbridge.model.Tag.builder()
                    .key(e.getKey())
                    .value(e.getValue())
                    .build())
        .toList();
  }

  Optional<AwsResource> findTarget(EventTarget d) {
    return target(d.name(), d.rule());
  }

  /** The rule's queue target; the queue is named by the last part of the ARN it sends to. */
  private Optional<AwsResource> target(String name, ResourceId rule) {
    return unlessMissing(
            () ->
                c.retry()
                    .call(
                        "reading the targets of EventBridge rule " + rule.name(),
                        () -> c.clients().events().listTargetsByRule(r -> r.rule(rule.name())))
                    .targets(),
            "ResourceNotFoundException")
        .flatMap(
            targets ->
                targets.stream()
                    .filter(t -> EventTarget.TARGET_ID.equals(t.id()))
                    .findFirst()
                    .map(
                        t ->
                            new EventTarget(
                                name,
                                rule,
                                SqsQueue.idOf(t.arn().substring(t.arn().lastIndexOf(':') + 1)))));
  }

  /** Points the rule at the queue; a put with the same target id replaces what it pointed at. */
  void putTarget(EventTarget d) {
    String arn = queueArn(d.queue());
    var response =
        c.retry()
            .callAfterCreate(
                "pointing EventBridge rule " + d.rule().name() + " at its queue",
                () ->
                    c.clients()
                        .events()
                        .putTargets(
                            r ->
                                r.rule(d.rule().name())
                                    .targets(
                                        Target.builder()
                                            .id(EventTarget.TARGET_ID)
                                            .arn(arn)
                                            .build())));
    if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
      var failed = response.failedEntries().get(0);
      throw new AwsException(
          "pointing EventBridge rule "
              + d.rule().name()
              + " at its queue failed: AWS said "
              + failed.errorCode()
              + ": "
              + failed.errorMessage());
    }
  }

  void deleteTarget(EventTarget live) {
    unlessMissing(
        () ->
            c.retry()
                .call(
                    "removing the target of EventBridge rule " + live.rule().name(),
                    () ->
                        c.clients()
                            .events()
                            .removeTargets(
                                r -> r.rule(live.rule().name()).ids(EventTarget.TARGET_ID))),
        "ResourceNotFoundException");
  }

  Optional<AwsResource> findHook(LifecycleHook d) {
    return hooks(d.group().name(), List.of(d.name())).stream().findFirst();
  }

  /** The group's hooks of those names (all its hooks when none are named). */
  private List<AwsResource> hooks(String group, List<String> names) {
    return unlessMissing(
            () ->
                c.retry()
                    .call(
                        "reading the lifecycle hooks of autoscaling group " + group,
                        () ->
                            c.clients()
                                .autoscaling()
                                .describeLifecycleHooks(
                                    r -> {
                                      r.autoScalingGroupName(group);
                                      if (!names.isEmpty()) {
                                        r.lifecycleHookNames(names);
                                      }
                                    }))
                    .lifecycleHooks(),
            // Auto Scaling answers a group that does not exist (yet) this way.
            "ValidationError")
        .orElse(List.of())
        .stream()
        .map(
            h ->
                (AwsResource)
                    new LifecycleHook(
                        h.lifecycleHookName(),
                        new ResourceId(AutoscalingGroup.KIND, group),
                        h.lifecycleTransition(),
                        h.heartbeatTimeout() == null ? 0 : h.heartbeatTimeout(),
                        h.defaultResult()))
        .toList();
  }

  /** Creates the hook, or makes an existing one match: Auto Scaling's put is an upsert. */
  void putHook(LifecycleHook d) {
    c.retry()
        .callAfterCreate(
            "putting lifecycle hook " + d.name(),
            () ->
                c.clients()
                    .autoscaling()
                    .putLifecycleHook(
                        r ->
                            r.autoScalingGroupName(d.group().name())
                                .lifecycleHookName(d.name())
                                .lifecycleTransition(d.transition())
                                .heartbeatTimeout(d.heartbeatSeconds())
                                .defaultResult(d.defaultResult())));
  }

  void deleteHook(LifecycleHook live) {
    unlessMissing(
        () ->
            c.retry()
                .call(
                    "deleting lifecycle hook " + live.name(),
                    () ->
                        c.clients()
                            .autoscaling()
                            .deleteLifecycleHook(
                                r ->
                                    r.autoScalingGroupName(live.group().name())
                                        .lifecycleHookName(live.name()))),
        "ValidationError");
  }

  /**
   * What of the handler the cluster owns: its queue (by name, tagged as the cluster's) with its
   * policy, its rules (by name, tagged) with their targets, and the handler's hooks on the
   * autoscaling groups in {@code owned}.
   */
  List<AwsResource> owned(List<AwsResource> owned) {
    List<AwsResource> out = new ArrayList<>();
    String queue = NodeTerminationHandler.queueName(c.cluster());
    queueUrl(queue)
        .ifPresent(
            url -> {
              SqsQueue q = queue(queue, url);
              if (Tags.ownedBy(q.tags(), c.cluster())) {
                out.add(q);
                policy(queue, url, Optional.empty()).ifPresent(out::add);
              }
            });
    for (String name : NodeTerminationHandler.ruleNames(c.cluster())) {
      rule(name, Optional.empty())
          .filter(r -> Tags.ownedBy(r.tags(), c.cluster()))
          .ifPresent(
              r -> {
                out.add(r);
                target(name + "-Target", r.id()).ifPresent(out::add);
              });
    }
    for (AwsResource r : owned) {
      if (r instanceof AutoscalingGroup g) {
        hooks(g.name(), List.of()).stream()
            .filter(h -> h.id().name().endsWith(NodeTerminationHandler.HOOK_SUFFIX))
            .forEach(out::add);
      }
    }
    return out;
  }

  private static boolean sameJson(String a, String b) {
    try {
      return JSON.readTree(a).equals(JSON.readTree(b));
    } catch (JsonProcessingException e) {
      return false;
    }
  }
}
