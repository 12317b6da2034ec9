package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An EventBridge rule of the node-termination-handler ({@code <cluster>-<event>}): matches the
 * events that end an instance (kops' patterns, {@link NodeTerminationHandler#EVENT_PATTERNS}).
 *
 * @param pattern the event pattern, as kops writes it (compared as JSON: a live pattern that means
 *     the same reads back as this text)
 */
public record EventRule(String name, String pattern, SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "EventBridgeRule";

  public EventRule {
    tags = Tags.copy(tags);
  }

  public static ResourceId idOf(String name) {
    return new ResourceId(KIND, name);
  }

  @Override
  public ResourceId id() {
    return idOf(name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of();
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("EventPattern", pattern);
    AwsResource.putTags(a, tags);
    return a;
  }
}
