package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Who may send to the node-termination-handler's queue: EventBridge (and SQS), as kops allows. The
 * document names the queue's ARN as {@value #QUEUE_ARN}: Terraform fills it in with {@code
 * templatefile}, the direct apply with the ARN SQS reports, and a live policy is read back with its
 * ARN put back to the placeholder, so the two compare.
 *
 * @param name the queue's name (the policy is the queue's {@code Policy} attribute)
 * @param policy the JSON document, with {@value #QUEUE_ARN} for the queue's ARN
 */
public record SqsQueuePolicy(String name, ResourceId queue, String policy) implements AwsResource {

  public static final String KIND = "SQSQueuePolicy";

  /** Where the queue's ARN goes in {@link #policy}: Terraform's template variable. */
  public static final String QUEUE_ARN = "${queue_arn}";

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of(queue);
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("Policy", policy);
    return a;
  }
}
