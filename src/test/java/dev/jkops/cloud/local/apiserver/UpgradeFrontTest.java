package dev.jkops.cloud.local.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.jkops.api.store.FileStateStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API server's TLS front with clients jkops did not write (the JDK's HttpClient and its
 * WebSocket): ordinary requests reach the HTTP server behind it unchanged, which learns whether the
 * client showed a certificate of the cluster CA (and a connection straight to that server, not made
 * by the front, counts as none); an upgrade is served by the front, over RFC 6455 frames both ways;
 * an upgrade without a certificate is 401.
 */
class UpgradeFrontTest {
  @TempDir Path dir;

  private ClusterPki pki;
  private HttpServer backend;
  private UpgradeFront front;

  @BeforeEach
  void start() throws Exception {
    pki = ClusterPki.ensure(new FileStateStore(dir), "a.example.com");
    ClusterPki.Issued server = pki.issueServer();
    SSLContext tls = ApiServerMain.tls(pki.caCertificate(), server.certificate(), server.key());
    backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    front =
        new UpgradeFront(
            UpgradeFront.listen(tls, 0),
            backend.getAddress(),
            new ClusterPki.Verifier(pki.caCertificate()),
            UpgradeFrontTest::echoWebSocket);
    backend.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          byte[] answer =
              (ex.getRequestMethod()
                      + " "
                      + ex.getRequestURI()
                      + " certified="
                      + front.clientCertified(ex.getRemoteAddress())
                      + " body="
                      + new String(body, StandardCharsets.UTF_8))
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, answer.length);
          ex.getResponseBody().write(answer);
          ex.close();
        });
    backend.start();
    front.start();
  }

  @AfterEach
  void stop() throws IOException {
    front.close();
    backend.stop(0);
  }

  /**
   * The upgrade answer of this test: a WebSocket that sends each binary message back on channel 1.
   */
  private static void echoWebSocket(
      RequestHead head, boolean certified, InputStream in, java.io.OutputStream out)
      throws IOException {
    if (!certified) {
      StreamingEndpoints.respond(
          out, new ApiError(401, "Unauthorized", "Unauthorized", null, null, null, List.of()));
      return;
    }
    out.write(
        ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: "
                + WebSocket.accept(head.header("sec-websocket-key").orElseThrow())
                + "\r\nSec-WebSocket-Protocol: "
                + head.tokens("sec-websocket-protocol").get(0)
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    WebSocket ws = new WebSocket(in, out);
    while (true) {
      WebSocket.Message m = ws.read();
      if (m.opcode() == WebSocket.OP_CLOSE) {
        ws.close(1000, "");
        return;
      }
      ws.sendBinary(1, m.payload(), 1, m.payload().length - 1);
    }
  }

  private SSLContext client(boolean withCertificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", pki.caCertificate());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (withCertificate) {
      ClusterPki.Issued admin =
          pki.issueClient("admin", List.of("system:masters"), java.time.Duration.ofHours(18));
      keys.setKeyEntry(
          "admin",
          admin.key(),
          "x".toCharArray(),
          new X509Certificate[] {admin.certificate(), pki.caCertificate()});
    }
    kmf.init(keys, "x".toCharArray());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ssl;
  }

  @Test
  void requestsPassThroughUnchangedAndTheServerBehindLearnsWhetherTheClientWasCertified()
      throws Exception {
    URI uri = URI.create("https://127.0.0.1:" + front.port() + "/api/v1/pods?watch=1");
    for (boolean cert : List.of(true, false)) {
      HttpClient http =
          HttpClient.newBuilder()
              .sslContext(client(cert))
              .version(HttpClient.Version.HTTP_1_1)
              .build();
      // several on one kept-alive connection, a body among them
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
            .isEqualTo(
                "POST /api/v1/pods?watch=1 certified=" + cert + " body=" + "x".repeat(100_000));
      }
    }
    // another process on this host, straight to the server behind: not certified
    HttpResponse<String> direct =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + backend.getAddress().getPort() + "/api"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(direct.body()).isEqualTo("GET /api certified=false body=");
  }

  @Test
  void aWebSocketUpgradeIsServedByTheFrontInRfc6455Frames() throws Exception {
    LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
    java.net.http.WebSocket ws =
        HttpClient.newBuilder()
            .sslContext(client(true))
            .build()
            .newWebSocketBuilder()
            .subprotocols("v5.channel.k8s.io", "v4.channel.k8s.io")
            .buildAsync(
                URI.create("wss://127.0.0.1:" + front.port() + "/api/v1/namespaces/a/pods/b/exec"),
                new java.net.http.WebSocket.Listener() {
                  private final ByteArrayOutputStream message = new ByteArrayOutputStream();

                  @Override
                  public CompletionStage<?> onBinary(
                      java.net.http.WebSocket w, ByteBuffer data, boolean last) {
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    message.writeBytes(b);
                    if (last) {
                      byte[] m = message.toByteArray();
                      message.reset();
                      got.add(m[0] + ":" + m.length);
                    }
                    w.request(1);
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onPong(java.net.http.WebSocket w, ByteBuffer data) {
                    got.add("pong:" + StandardCharsets.UTF_8.decode(data));
                    w.request(1);
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onClose(
                      java.net.http.WebSocket w, int code, String reason) {
                    got.add("close:" + code);
                    return CompletableFuture.completedFuture(null);
                  }
                })
            .get(10, TimeUnit.SECONDS);
    assertThat(ws.getSubprotocol()).isEqualTo("v5.channel.k8s.io");
    // sizes across the three length encodings: 7 bits, 16 bits, 64 bits
    for (int size : List.of(10, 300, 70_000)) {
      byte[] msg = new byte[size];
      msg[0] = 0;
      ws.sendBinary(ByteBuffer.wrap(msg), true).get(10, TimeUnit.SECONDS);
      assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("1:" + size);
    }
    ws.sendPing(ByteBuffer.wrap("beat".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("pong:beat");
    ws.sendClose(1000, "").get(10, TimeUnit.SECONDS);
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("close:1000");
  }

  @Test
  void anUpgradeWithoutACertificateOfTheCaIsUnauthorized() throws Exception {
    StreamingEndpoints endpoints = new StreamingEndpoints(null); // 401 before any object is read
    ClusterPki.Issued server = pki.issueServer();
    try (UpgradeFront exec =
            new UpgradeFront(
                UpgradeFront.listen(
                    ApiServerMain.tls(pki.caCertificate(), server.certificate(), server.key()), 0),
                backend.getAddress(),
                new ClusterPki.Verifier(pki.caCertificate()),
                endpoints);
        SSLSocket s = (SSLSocket) client(false).getSocketFactory().createSocket()) {
      exec.start();
      s.connect(new InetSocketAddress("127.0.0.1", exec.port()), 5000);
      s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      s.getOutputStream()
          .write(
              ("GET /api/v1/namespaces/default/pods/web/exec?command=true HTTP/1.1\r\n"
                      + "Host: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                      + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      + "Sec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 401 Unauthorized\r\n");
      assertThat(answer).contains("\"reason\":\"Unauthorized\"").contains("\"code\":401");
    }
  }

  @Test
  void theAcceptKeyIsRfc6455s() {
    // the example of RFC 6455 section 1.3
    assertThat(WebSocket.accept("dGhlIHNhbXBsZSBub25jZQ=="))
        .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }
}
