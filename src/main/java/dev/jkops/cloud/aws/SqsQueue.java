package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The node-termination-handler's SQS queue ({@code <cluster-with-dashes>-nth}): the EventBridge
 * rules send the events that end an instance to it, and the handler on the control plane reads
 * them. Found by its name; its AWS id is the queue's URL.
 *
 * @param retentionSeconds how long a message is kept (kops: 300 s, as long as a lifecycle hook
 *     holds an instance)
 */
public record SqsQueue(String name, int retentionSeconds, SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "SQSQueue";

  public SqsQueue {
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
    a.put("MessageRetentionPeriod", retentionSeconds + "s");
    AwsResource.putTags(a, tags);
    return a;
  }
}
