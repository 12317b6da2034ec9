package dev.jkops.cloud.local.apiserver;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.jkops.api.store.FileStateStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the API server's TLS front ({@link UpgradeFront}) costs ordinary requests: the same handler
 * (a 2 KiB JSON answer) behind the JDK's HttpsServer, as the API server served before, and behind
 * the front with a plain HttpServer, in paired rounds that alternate the two; each round times 300
 * requests on one kept-alive connection and 30 requests each on a new connection (TLS handshake
 * included), with a client certificate of the CA as kubectl sends. Prints the median of the paired
 * ratios (front / before) with their min-max, and the load average at start and end.
 *
 * <pre>
 * mvn -o -q -Pbench -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/bench-classpath.txt
 * java -cp target/test-classes:target/classes:$(cat target/bench-classpath.txt) \
 *     dev.jkops.cloud.local.apiserver.ApiFrontBench [ROUNDS]
 * </pre>
 */
public final class ApiFrontBench {
  private static final int KEPT_ALIVE = 300;
  private static final int NEW_CONNECTIONS = 30;

  private ApiFrontBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    System.out.println("load average at start: " + load());
    Path dir = Files.createTempDirectory("jkops-frontbench");
    ClusterPki pki = ClusterPki.ensure(new FileStateStore(dir), "bench.example.com");
    ClusterPki.Issued server = pki.issueServer();
    SSLContext tls = ApiServerMain.tls(pki.caCertificate(), server.certificate(), server.key());
    SSLContext client = client(pki);
    byte[] body = ("{\"items\":\"" + "x".repeat(2048) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpHandler handler =
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        };

    HttpsServer before =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    before.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = tls.getDefaultSSLParameters();
            p.setWantClientAuth(true);
            params.setSSLParameters(p);
          }
        });
    before.createContext("/", handler);
    before.setExecutor(Executors.newCachedThreadPool());
    before.start();

    HttpServer behind =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    behind.createContext("/", handler);
    behind.setExecutor(Executors.newCachedThreadPool());
    behind.start();
    UpgradeFront front =
        new UpgradeFront(
            UpgradeFront.listen(tls, 0),
            behind.getAddress(),
            new ClusterPki.Verifier(pki.caCertificate()),
            (head, certified, in, out) -> {});
    front.start();

    int beforePort = before.getAddress().getPort();
    int frontPort = front.port();
    // warm-up: JIT and TLS session machinery for both
    for (int i = 0; i < 3; i++) {
      keptAlive(client, beforePort);
      keptAlive(client, frontPort);
      newConnections(client, beforePort);
      newConnections(client, frontPort);
    }
    List<Double> keptRatios = new ArrayList<>();
    List<Double> newRatios = new ArrayList<>();
    List<Double> keptBefore = new ArrayList<>();
    List<Double> keptFront = new ArrayList<>();
    List<Double> newBefore = new ArrayList<>();
    List<Double> newFront = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      boolean beforeFirst = r % 2 == 0; // alternate the order inside a pair too
      double kb;
      double kf;
      double nb;
      double nf;
      if (beforeFirst) {
        kb = keptAlive(client, beforePort);
        kf = keptAlive(client, frontPort);
        nb = newConnections(client, beforePort);
        nf = newConnections(client, frontPort);
      } else {
        kf = keptAlive(client, frontPort);
        kb = keptAlive(client, beforePort);
        nf = newConnections(client, frontPort);
        nb = newConnections(client, beforePort);
      }
      keptBefore.add(kb);
      keptFront.add(kf);
      newBefore.add(nb);
      newFront.add(nf);
      keptRatios.add(kf / kb);
      newRatios.add(nf / nb);
    }
    System.out.printf(
        Locale.ROOT,
        "kept-alive connection, %d requests: before %.1f ms, front %.1f ms (medians);"
            + " front/before median %.2f (min %.2f, max %.2f)%n",
        KEPT_ALIVE,
        median(keptBefore),
        median(keptFront),
        median(keptRatios),
        Collections.min(keptRatios),
        Collections.max(keptRatios));
    System.out.printf(
        Locale.ROOT,
        "a new TLS connection each, %d requests: before %.1f ms, front %.1f ms (medians);"
            + " front/before median %.2f (min %.2f, max %.2f)%n",
        NEW_CONNECTIONS,
        median(newBefore),
        median(newFront),
        median(newRatios),
        Collections.min(newRatios),
        Collections.max(newRatios));
    System.out.println("rounds: " + rounds + "; load average at end: " + load());
    front.close();
    before.stop(0);
    behind.stop(0);
    System.exit(0);
  }

  private static double keptAlive(SSLContext client, int port) throws IOException {
    long t0 = System.nanoTime();
    try (SSLSocket s = connect(client, port)) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      for (int i = 0; i < KEPT_ALIVE; i++) {
        get(in, out, false);
      }
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  private static double newConnections(SSLContext client, int port) throws IOException {
    long t0 = System.nanoTime();
    for (int i = 0; i < NEW_CONNECTIONS; i++) {
      try (SSLSocket s = connect(client, port)) {
        get(new BufferedInputStream(s.getInputStream()), s.getOutputStream(), true);
      }
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  private static SSLSocket connect(SSLContext client, int port) throws IOException {
    SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port);
    s.setTcpNoDelay(true);
    s.startHandshake();
    return s;
  }

  /** One GET; reads the answer's head and its Content-Length body. */
  private static void get(InputStream in, OutputStream out, boolean close) throws IOException {
    out.write(
        ("GET /api/v1/pods HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the server closed before answering");
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    if (in.readNBytes(length).length != length) {
      throw new IOException("a short answer");
    }
  }

  private static SSLContext client(ClusterPki pki) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", pki.caCertificate());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    ClusterPki.Issued admin =
        pki.issueClient("admin", List.of("system:masters"), java.time.Duration.ofHours(18));
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "admin",
        admin.key(),
        "x".toCharArray(),
        new X509Certificate[] {admin.certificate(), pki.caCertificate()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "x".toCharArray());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ssl;
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static String load() {
    return String.format(
        Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
