package dev.jkops.cloud.aws.fake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.*;

/** SQS queues: found by name, addressed by URL, with attributes and tags as SQS keeps them. */
public final class FakeSqs implements SqsClient {
  private final FakeAws aws;

  /** A queue: its URL, attributes (the ARN among them) and tags. */
  public record Queue(
      String name,
      String url,
      Map<QueueAttributeName, String> attributes,
      Map<String, String> tags) {}

  /** Queues by name. */
  public final Map<String, Queue> queues = new LinkedHashMap<>();

  FakeSqs(FakeAws aws) {
    this.aws = aws;
  }

  /** The error SQS answers for a queue that does not exist. */
  private static RuntimeException noQueue() {
    return FakeAws.error(
        "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.", 400);
  }

  private Queue byUrl(String url) {
    return queues.values().stream()
        .filter(q -> q.url().equals(url))
        .findFirst()
        .orElseThrow(() -> noQueue());
  }

  @Override
  public GetQueueUrlResponse getQueueUrl(GetQueueUrlRequest r) {
    aws.call("getQueueUrl");
    Queue q = queues.get(r.queueName());
    if (q == null) {
      throw noQueue();
    }
    return GetQueueUrlResponse.builder().queueUrl(q.url()).build();
  }

  @Override
  public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest r) {
    aws.call("getQueueAttributes");
    Queue q = byUrl(r.queueUrl());
    Map<QueueAttributeName, String> out = new TreeMap<>();
    for (QueueAttributeName n : r.attributeNames()) {
      if (q.attributes().containsKey(n)) {
        out.put(n, q.attributes().get(n));
      }
    }
    return GetQueueAttributesResponse.builder().attributes(out).build();
  }

  @Override
  public ListQueueTagsResponse listQueueTags(ListQueueTagsRequest r) {
    aws.call("listQueueTags");
    return ListQueueTagsResponse.builder().tags(byUrl(r.queueUrl()).tags()).build();
  }

  @Override
  public CreateQueueResponse createQueue(CreateQueueRequest r) {
    aws.call("createQueue");
    Queue existing = queues.get(r.queueName());
    if (existing != null) {
      // SQS: the same name with the same attributes gives back the queue, else an error.
      if (!existing.attributes().entrySet().containsAll(r.attributes().entrySet())) {
        throw FakeAws.error(
            "QueueAlreadyExists",
            "A queue already exists with the same name and a different value for attribute(s)",
            400);
      }
      return CreateQueueResponse.builder().queueUrl(existing.url()).build();
    }
    String url = "https://sqs.us-east-1.amazonaws.com/123456789012/" + r.queueName();
    Map<QueueAttributeName, String> attrs = new TreeMap<>(r.attributes());
    attrs.put(QueueAttributeName.QUEUE_ARN, "arn:aws:sqs:us-east-1:123456789012:" + r.queueName());
    queues.put(r.queueName(), new Queue(r.queueName(), url, attrs, new TreeMap<>(r.tags())));
    return CreateQueueResponse.builder().queueUrl(url).build();
  }

  @Override
  public SetQueueAttributesResponse setQueueAttributes(SetQueueAttributesRequest r) {
    aws.call("setQueueAttributes");
    Queue q = byUrl(r.queueUrl());
    r.attributes()
        .forEach(
            (k, v) -> {
              if (v.isEmpty()) {
                q.attributes().remove(k);
              } else {
                q.attributes().put(k, v);
              }
            });
    return SetQueueAttributesResponse.builder().build();
  }

  @Override
  public TagQueueResponse tagQueue(TagQueueRequest r) {
    aws.call("tagQueue");
    byUrl(r.queueUrl()).tags().putAll(r.tags());
    return TagQueueResponse.builder().build();
  }

  @Override
  public DeleteQueueResponse deleteQueue(DeleteQueueRequest r) {
    aws.call("deleteQueue");
    queues.remove(byUrl(r.queueUrl()).name());
    return DeleteQueueResponse.builder().build();
  }

  @Override
  public String serviceName() {
    return "sqs";
  }

  @Override
  public void close() {}
}
