package dev.jkops.cloud.aws.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.*;

/**
 * EventBridge rules on the default bus: a put creates or changes a rule (its tags only when it
 * creates it), and a rule with targets cannot be deleted, as EventBridge answers.
 */
public final class FakeEventBridge implements EventBridgeClient {
  private final FakeAws aws;

  /** A rule: its ARN, pattern, tags and targets (target id to ARN). */
  public record Rule(
      String name,
      String arn,
      String pattern,
      Map<String, String> tags,
      Map<String, String> targets) {}

  /** Rules by name. */
  public final Map<String, Rule> rules = new LinkedHashMap<>();

  FakeEventBridge(FakeAws aws) {
    this.aws = aws;
  }

  private Rule rule(String name) {
    Rule r = rules.get(name);
    if (r == null) {
      throw FakeAws.error(
          "ResourceNotFoundException",
          "Rule " + name + " does not exist on EventBus default.",
          400);
    }
    return r;
  }

  @Override
  public DescribeRuleResponse describeRule(DescribeRuleRequest r) {
    aws.call("describeRule");
    Rule rule = rule(r.name());
    return DescribeRuleResponse.builder()
        .name(rule.name())
        .arn(rule.arn())
        .eventPattern(rule.pattern())
        .state(RuleState.ENABLED)
        .build();
  }

  @Override
  public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest r) {
    aws.call("listTagsForResource");
    Rule rule =
        rules.values().stream()
            .filter(x -> x.arn().equals(r.resourceARN()))
            .findFirst()
            .orElseThrow(() -> FakeAws.error("ResourceNotFoundException", "No such rule.", 400));
    List<Tag> tags = new ArrayList<>();
    rule.tags().forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
    return ListTagsForResourceResponse.builder().tags(tags).build();
  }

  @Override
  public PutRuleResponse putRule(PutRuleRequest r) {
    aws.call("putRule");
    Rule old = rules.get(r.name());
    String arn = "arn:aws:events:us-east-1:123456789012:rule/" + r.name();
    Map<String, String> tags = new TreeMap<>();
    if (old == null) {
      r.tags().forEach(t -> tags.put(t.key(), t.value()));
    } else {
      tags.putAll(old.tags());
    }
    rules.put(
        r.name(),
        new Rule(
            r.name(),
            arn,
            r.eventPattern(),
            tags,
            old == null ? new LinkedHashMap<>() : old.targets()));
    return PutRuleResponse.builder().ruleArn(arn).build();
  }

  @Override
  public TagResourceResponse tagResource(TagResourceRequest r) {
    aws.call("tagResource");
    rules.values().stream()
        .filter(x -> x.arn().equals(r.resourceARN()))
        .findFirst()
        .orElseThrow(() -> FakeAws.error("ResourceNotFoundException", "No such rule.", 400))
        .tags()
        .putAll(r.tags().stream().collect(java.util.stream.Collectors.toMap(Tag::key, Tag::value)));
    return TagResourceResponse.builder().build();
  }

  @Override
  public DeleteRuleResponse deleteRule(DeleteRuleRequest r) {
    aws.call("deleteRule");
    Rule rule = rules.get(r.name());
    if (rule != null && !rule.targets().isEmpty()) {
      throw FakeAws.error(
          "ValidationException", "Rule can't be deleted since it has targets.", 400);
    }
    rules.remove(r.name());
    return DeleteRuleResponse.builder().build();
  }

  @Override
  public ListTargetsByRuleResponse listTargetsByRule(ListTargetsByRuleRequest r) {
    aws.call("listTargetsByRule");
    List<Target> out = new ArrayList<>();
    rule(r.rule())
        .targets()
        .forEach((id, arn) -> out.add(Target.builder().id(id).arn(arn).build()));
    return ListTargetsByRuleResponse.builder().targets(out).build();
  }

  @Override
  public PutTargetsResponse putTargets(PutTargetsRequest r) {
    aws.call("putTargets");
    Rule rule = rule(r.rule());
    r.targets().forEach(t -> rule.targets().put(t.id(), t.arn()));
    return PutTargetsResponse.builder().failedEntryCount(0).build();
  }

  @Override
  public RemoveTargetsResponse removeTargets(RemoveTargetsRequest r) {
    aws.call("removeTargets");
    Rule rule = rule(r.rule());
    r.ids().forEach(rule.targets()::remove);
    return RemoveTargetsResponse.builder().failedEntryCount(0).build();
  }

  @Override
  public String serviceName() {
    return "events";
  }

  @Override
  public void close() {}
}
