package dev.jkops.cloud.aws;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The EC2, Auto Scaling and IAM clients of one region (and SQS, EventBridge, Route 53 and SSM,
 * given with {@code with...}), each made on first use: a dry run that never needs IAM never builds
 * its client, and tests hand in their own.
 */
public final class AwsClients {
  private final Supplier<Ec2Client> ec2;
  private final Supplier<AutoScalingClient> autoscaling;
  private final Supplier<IamClient> iam;
  private Ec2Client ec2Client;
  private AutoScalingClient autoscalingClient;
  private IamClient iamClient;
  private Supplier<ElasticLoadBalancingV2Client> elbv2 =
      () -> {
        throw new AwsException("no Elastic Load Balancing client was given to these AWS clients");
      };
  private ElasticLoadBalancingV2Client elbv2Client;
  private Supplier<ClassicElb> classicElb = () -> missing("Classic Elastic Load Balancing");
  private ClassicElb classicElbClient;
  private Supplier<SqsClient> sqs = () -> missing("SQS");
  private Supplier<EventBridgeClient> events = () -> missing("EventBridge");
  private SqsClient sqsClient;
  private Supplier<Route53Client> route53 = () -> missing("Route 53");
  private Route53Client route53Client;
  private Supplier<SsmClient> ssm = () -> missing("SSM");
  private SsmClient ssmClient;
  private EventBridgeClient eventsClient;

  public AwsClients(
      Supplier<Ec2Client> ec2, Supplier<AutoScalingClient> autoscaling, Supplier<IamClient> iam) {
    this.ec2 = ec2;
    this.autoscaling = autoscaling;
    this.iam = iam;
  }

  /** These clients, with this Elastic Load Balancing v2 client for the network load balancers. */
  public AwsClients withLoadBalancing(Supplier<ElasticLoadBalancingV2Client> elbv2) {
    this.elbv2 = elbv2;
    return this;
  }

  /** The Classic Elastic Load Balancing client (the API's Classic load balancer). */
  public AwsClients withClassicLoadBalancing(Supplier<ClassicElb> classicElb) {
    this.classicElb = classicElb;
    return this;
  }

  /**
   * The SQS and EventBridge clients (the node-termination-handler's queue and rules), made on first
   * use like the others.
   */
  public AwsClients withQueues(Supplier<SqsClient> sqs, Supplier<EventBridgeClient> events) {
    this.sqs = sqs;
    this.events = events;
    return this;
  }

  /** The Route 53 client (the API's records, a hosted zone found by name). */
  public AwsClients withDns(Supplier<Route53Client> route53) {
    this.route53 = route53;
    return this;
  }

  /** The SSM client (an instance group's {@code image: ssm:<parameter>}). */
  public AwsClients withSsm(Supplier<SsmClient> ssm) {
    this.ssm = ssm;
    return this;
  }

  private static <T> T missing(String service) {
    throw new AwsException("no " + service + " client was configured for this AWS session");
  }

  /** How many times the SDK tries one request before jkops sees throttling or a 5xx. */
  public static final int SDK_ATTEMPTS = 8;

  /**
   * Throttling and AWS' 5xx answers are retried by the SDK alone, in its standard strategy (backoff
   * with jitter, a retry budget shared by the client), up to {@link #SDK_ATTEMPTS} tries; jkops'
   * own {@link AwsRetry} adds only what AWS' semantics need (eventual consistency, dependencies
   * still going away), so retries never multiply.
   */
  public static RetryStrategy sdkRetryStrategy(Duration baseDelay, Duration maxDelay) {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(SDK_ATTEMPTS)
        .backoffStrategy(BackoffStrategy.exponentialDelay(baseDelay, maxDelay))
        .throttlingBackoffStrategy(
            BackoffStrategy.exponentialDelay(baseDelay.multipliedBy(2), maxDelay))
        .build();
  }

  /** Real clients for {@code region}, with the default credential chain and the JDK HTTP client. */
  public static AwsClients forRegion(String region) {
    Region r = Region.of(region);
    Consumer<ClientOverrideConfiguration.Builder> retries =
        o -> o.retryStrategy(sdkRetryStrategy(Duration.ofMillis(250), Duration.ofSeconds(20)));
    return new AwsClients(
            () ->
                Ec2Client.builder()
                    .region(r)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(retries)
                    .build(),
            () ->
                AutoScalingClient.builder()
                    .region(r)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(retries)
                    .build(),
            // IAM is global: its endpoint lives in aws-global whatever the cluster's region.
            () ->
                IamClient.builder()
                    .region(Region.AWS_GLOBAL)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(retries)
                    .build())
        .withLoadBalancing(
            () ->
                ElasticLoadBalancingV2Client.builder()
                    .region(r)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(retries)
                    .build())
        // Not an SDK module here: jkops' query-protocol client on the SDK's signer and HTTP.
        .withClassicLoadBalancing(() -> ClassicElbQueryClient.forRegion(region))
        .withQueues(
            () ->
                SqsClient.builder()
                    .region(r)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(retries)
                    .build(),
            () ->
                EventBridgeClient.builder()
                    .region(r)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(retries)
                    .build())
        .withSsm(
            () ->
                SsmClient.builder()
                    .region(r)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(retries)
                    .build())
        // Route 53 is global, like IAM.
        .withDns(
            () ->
                Route53Client.builder()
                    .region(Region.AWS_GLOBAL)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(retries)
                    .build());
  }

  public synchronized Ec2Client ec2() {
    if (ec2Client == null) {
      ec2Client = ec2.get();
    }
    return ec2Client;
  }

  public synchronized AutoScalingClient autoscaling() {
    if (autoscalingClient == null) {
      autoscalingClient = autoscaling.get();
    }
    return autoscalingClient;
  }

  public synchronized ElasticLoadBalancingV2Client elbv2() {
    if (elbv2Client == null) {
      elbv2Client = elbv2.get();
    }
    return elbv2Client;
  }

  public synchronized ClassicElb classicElb() {
    if (classicElbClient == null) {
      classicElbClient = classicElb.get();
    }
    return classicElbClient;
  }

  public synchronized IamClient iam() {
    if (iamClient == null) {
      iamClient = iam.get();
    }
    return iamClient;
  }

  public synchronized SqsClient sqs() {
    if (sqsClient == null) {
      sqsClient = sqs.get();
    }
    return sqsClient;
  }

  public synchronized EventBridgeClient events() {
    if (eventsClient == null) {
      eventsClient = events.get();
    }
    return eventsClient;
  }

  public synchronized Route53Client route53() {
    if (route53Client == null) {
      route53Client = route53.get();
    }
    return route53Client;
  }

  public synchronized SsmClient ssm() {
    if (ssmClient == null) {
      ssmClient = ssm.get();
    }
    return ssmClient;
  }
}
