package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Retries through the SDK's real pipeline: a local HTTP endpoint speaks EC2's query protocol and
 * answers RequestLimitExceeded, 503 or NotFound, and a real {@link Ec2Client} with jkops' retry
 * strategy ({@link AwsClients#sdkRetryStrategy}, shorter delays) calls it through {@link AwsRetry}.
 * Throttling and 5xx are retried by the SDK only, so a request is sent at most {@link
 * AwsClients#SDK_ATTEMPTS} times (before, jkops' 8 tries wrapped the SDK's own); eventual
 * consistency is jkops', which the SDK does not retry.
 */
class AwsSdkRetryTest {
  private LocalAwsEndpoint endpoint;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<Long> jkopsSleeps = new ArrayList<>();
  private final AwsRetry retry = new AwsRetry(8, 1, 8, jkopsSleeps::add);

  /** Starts the endpoint; {@code answer} gives the answer to the n-th request (from 1). */
  private Ec2Client ec2(IntFunction<LocalAwsEndpoint.Answer> answer) {
    endpoint = LocalAwsEndpoint.start(r -> answer.apply(requests.incrementAndGet()));
    return endpoint.client(Ec2Client.builder(), Region.US_EAST_1);
  }

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  static LocalAwsEndpoint.Answer error(int status, String code) {
    return LocalAwsEndpoint.Answer.xml(
        status, QueryProtocol.ec2Error(code, code + " from the test endpoint"));
  }

  static LocalAwsEndpoint.Answer vpcs() {
    return LocalAwsEndpoint.Answer.xml(
        200,
        QueryProtocol.ec2Response(
            "DescribeVpcs",
            "<vpcSet><item><vpcId>vpc-0123456789abcdef0</vpcId><cidrBlock>172.20.0.0/16</cidrBlock>"
                + "</item></vpcSet>"));
  }

  @Test
  void theSdkRetriesThrottlingAndJkopsAddsNothing() throws Exception {
    try (Ec2Client ec2 = ec2(n -> n <= 3 ? error(503, "RequestLimitExceeded") : vpcs())) {
      var vpcs = retry.call("describing VPCs", () -> ec2.describeVpcs());
      assertThat(vpcs.vpcs()).extracting(v -> v.vpcId()).containsExactly("vpc-0123456789abcdef0");
    }
    assertThat(requests.get()).as("3 throttled answers, then the one that worked").isEqualTo(4);
    assertThat(jkopsSleeps).isEmpty();
  }

  @Test
  void endlessThrottlingIsTriedSdkAttemptsTimesNotMultiplied() throws Exception {
    try (Ec2Client ec2 = ec2(n -> error(503, "RequestLimitExceeded"))) {
      AwsException e =
          catchThrowableOfType(
              AwsException.class, () -> retry.call("describing VPCs", () -> ec2.describeVpcs()));
      assertThat(e.getMessage())
          .contains("describing VPCs failed: AWS kept answering RequestLimitExceeded")
          .contains("through the SDK's 8 tries")
          .contains("wait a minute");
    }
    assertThat(requests.get())
        .as("the SDK's tries only; jkops' retry used to multiply them to 64")
        .isEqualTo(AwsClients.SDK_ATTEMPTS);
    assertThat(jkopsSleeps).isEmpty();
  }

  @Test
  void serviceUnavailableIsTheSdksToRetry() throws Exception {
    try (Ec2Client ec2 = ec2(n -> n <= 2 ? error(503, "Unavailable") : vpcs())) {
      retry.call("describing VPCs", () -> ec2.describeVpcs());
    }
    assertThat(requests.get()).isEqualTo(3);
    assertThat(jkopsSleeps).isEmpty();
  }

  @Test
  void notYetVisibleAfterACreateIsJkopsToRetryWithJitteredBackoff() throws Exception {
    try (Ec2Client ec2 = ec2(n -> n <= 2 ? error(400, "InvalidVpcID.NotFound") : vpcs())) {
      retry.callAfterCreate("reading VPC vpc-0123456789abcdef0", () -> ec2.describeVpcs());
    }
    assertThat(requests.get()).as("the SDK does not retry a 400; jkops does, twice").isEqualTo(3);
    assertThat(jkopsSleeps).hasSize(2);
    assertThat(jkopsSleeps.get(0)).isBetween(0L, 1L);
    assertThat(jkopsSleeps.get(1)).isBetween(1L, 2L);
  }
}
