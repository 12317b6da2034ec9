package dev.jkops.cloud.local.apiserver;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * For the start-up archive's training: the API server's TLS as its start builds it (its PEM files
 * read, its identity handed to TLS) and one handshake with a client that trusts the cluster's CA,
 * as {@code validate cluster} asks {@code /readyz}, carried out between two {@link SSLEngine}s in
 * memory: no socket, no port. The handshake's classes (hello messages, key exchange, certificate
 * checks, record layer) are then in the archive for the server, which starts with it, and for
 * validate's client. Without them the server's JVM read and verified them from the JDK at every
 * start, beside update's kernel work.
 */
public final class TlsTraining {
  private TlsTraining() {}

  /** Bounded: a TLS 1.3 handshake takes a handful of flights. */
  private static final int MAX_STEPS = 64;

  /** Returns the request the server side read after the handshake. */
  public static String run(ClusterPki.ServerFiles files)
      throws GeneralSecurityException, java.io.IOException {
    X509Certificate ca = ClusterPki.readCertificate(files.caPem());
    SSLContext server =
        ApiServerMain.tls(
            ca,
            ClusterPki.readCertificate(files.certificatePem()),
            ClusterPki.readKey(files.keyPem()));
    SSLEngine serverEnd = server.createSSLEngine();
    serverEnd.setUseClientMode(false);
    serverEnd.setWantClientAuth(true); // as UpgradeFront asks
    SSLEngine clientEnd = ApiServerProcess.clientTls(ca).createSSLEngine("127.0.0.1", 443);
    clientEnd.setUseClientMode(true);
    javax.net.ssl.SSLParameters p = clientEnd.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    clientEnd.setSSLParameters(p);

    int size = Math.max(clientEnd.getSession().getPacketBufferSize(), 1 << 15);
    ByteBuffer toServer = ByteBuffer.allocate(size);
    ByteBuffer toClient = ByteBuffer.allocate(size);
    ByteBuffer request =
        ByteBuffer.wrap("GET /readyz HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer received = ByteBuffer.allocate(size);
    ByteBuffer clientIn = ByteBuffer.allocate(size);
    clientEnd.beginHandshake();
    serverEnd.beginHandshake();
    for (int step = 0; step < MAX_STEPS; step++) {
      clientEnd.wrap(request, toServer);
      runTasks(clientEnd);
      toServer.flip();
      serverEnd.unwrap(toServer, received);
      runTasks(serverEnd);
      toServer.compact();
      serverEnd.wrap(ByteBuffer.allocate(0), toClient);
      runTasks(serverEnd);
      toClient.flip();
      SSLEngineResult r = clientEnd.unwrap(toClient, clientIn);
      runTasks(clientEnd);
      toClient.compact();
      if (!request.hasRemaining()
          && received.position() > 0
          && r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
        received.flip();
        return StandardCharsets.US_ASCII.decode(received).toString();
      }
    }
    throw new SSLException("the training handshake did not finish in " + MAX_STEPS + " steps");
  }

  private static void runTasks(SSLEngine engine) {
    for (Runnable task = engine.getDelegatedTask();
        task != null;
        task = engine.getDelegatedTask()) {
      task.run();
    }
  }
}
