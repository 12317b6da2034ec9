package dev.jkops.cloud.aws;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * A loopback HTTP endpoint that answers the AWS SDK's real clients the way a service would, so a
 * test drives the SDK's whole pipeline (marshalling, signing, the retry strategy, parsing the
 * service's XML or JSON) instead of a fake that replaces the client interface. The test's {@code
 * answer} sees each request and gives the status, content type and body the service would send.
 */
final class LocalAwsEndpoint implements AutoCloseable {

  /**
   * What the SDK sent: method, raw path with its query, the {@code X-Amz-Target} header, body, and
   * the {@code Authorization} header (the signature) and every header as received.
   */
  record Request(
      String method,
      String pathAndQuery,
      String target,
      String body,
      String authorization,
      java.util.Map<String, java.util.List<String>> headers) {}

  /** What the service answers. */
  record Answer(int status, String contentType, String body) {
    static Answer xml(int status, String body) {
      return new Answer(status, "text/xml;charset=UTF-8", body);
    }
  }

  private final HttpServer server;

  private LocalAwsEndpoint(HttpServer server) {
    this.server = server;
  }

  static LocalAwsEndpoint start(Function<Request, Answer> answer) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String query = exchange.getRequestURI().getRawQuery();
          Request request =
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
                  exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  java.util.Map.copyOf(exchange.getRequestHeaders()));
          Answer a = answer.apply(request);
          byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", a.contentType());
          exchange.sendResponseHeaders(a.status(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return new LocalAwsEndpoint(server);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * {@code builder}'s client pointed at this endpoint, with fake credentials, the URL-connection
   * HTTP client jkops uses, and the SDK retry strategy jkops configures, with millisecond backoffs.
   */
  <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(
      B builder, Region region) {
    return builder
        .region(region)
        .endpointOverride(uri())
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

  /** Clients whose EC2, Auto Scaling and IAM fail the test if used; add the one under test. */
  static AwsClients onlyClientsAdded() {
    return new AwsClients(
        () -> {
          throw new AssertionError("no EC2 call expected");
        },
        () -> {
          throw new AssertionError("no Auto Scaling call expected");
        },
        () -> {
          throw new AssertionError("no IAM call expected");
        });
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
