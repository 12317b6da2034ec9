package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A rule's target: the node-termination-handler's queue ({@code <rule>-Target}, kops' Terraform
 * name). A rule without it matches events and sends them nowhere, so it is its own step: a run cut
 * short between the two finds the rule and adds the target.
 */
public record EventTarget(String name, ResourceId rule, ResourceId queue) implements AwsResource {

  public static final String KIND = "EventBridgeTarget";

  /** The id jkops gives the target within its rule (a rule's target ids are its own). */
  static final String TARGET_ID = "nth-queue";

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of(rule, queue);
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("Rule", "name:" + rule.name());
    a.put("Queue", "name:" + queue.name());
    return a;
  }
}
