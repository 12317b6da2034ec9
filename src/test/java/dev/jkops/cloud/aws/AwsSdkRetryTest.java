package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
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
  private static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<Long> jkopsSleeps = new ArrayList<>();
  private final AwsRetry retry = new AwsRetry(8, 1, 8, jkopsSleeps::add);

  /** Starts the endpoint; {@code answer} gives the status and body of the n-th request (from 1). */
  private Ec2Client ec2(IntFunction<Answer> answer) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          Answer a = answer.apply(requests.incrementAndGet());
          byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
          exchange.sendResponseHeaders(a.status(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return Ec2Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(
            o ->
                o.retryStrategy(
                    AwsClients.sdkRetryStrategy(Duration.ofMillis(2), Duration.ofMillis(20))))
        .build();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  record Answer(int status, String body) {}

  static Answer error(int status, String code) {
    return new Answer(
        status,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>"
            + code
            + "</Code><Message>"
            + code
            + " from the test endpoint</Message></Error></Errors>"
            + "<RequestID>req-1</RequestID></Response>");
  }

  static Answer vpcs() {
    return new Answer(
        200,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeVpcsResponse xmlns=\""
            + EC2_NS
            + "\">"
            + "<requestId>req-2</requestId><vpcSet><item><vpcId>vpc-0123456789abcdef0</vpcId><cidrBlock>172.20.0.0/16</cidrBlock>"
            + "</item></vpcSet></DescribeVpcsResponse>");
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
