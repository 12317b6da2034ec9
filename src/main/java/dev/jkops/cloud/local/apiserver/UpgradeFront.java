package dev.jkops.cloud.local.apiserver;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The API server's TLS port. The JDK's HTTP server cannot hand a connection over after {@code 101
 * Switching Protocols}, which {@code kubectl exec} needs, so this front takes every connection
 * first: it finishes the TLS handshake, reads the first request's head, and either serves an
 * Upgrade request itself ({@link StreamingEndpoints}) or passes the connection, that head first,
 * byte for byte to the HTTP server behind it, which listens on another loopback port. That server
 * learns whom it serves from {@link #clientCertified}: the front notes, by the local port of its
 * own connection to it, whether the client showed a certificate the cluster CA issued, before it
 * sends a byte; a connection the front did not make (another process on this host) is noted nowhere
 * and gets 401.
 *
 * <p>Only a connection's first request can be an upgrade: kubectl opens a new connection for each
 * exec, and an upgrade later on a kept-alive connection reaches the HTTP server, which refuses it.
 */
final class UpgradeFront implements AutoCloseable {
  /** What answers a connection whose first request asks to switch protocols. */
  interface UpgradeHandler {
    /**
     * Answers {@code head} (read from {@code in}, whose rest is the client's next bytes) on {@code
     * out}; {@code certified}: the client showed a certificate the cluster CA issued.
     */
    void serve(RequestHead head, boolean certified, InputStream in, OutputStream out)
        throws IOException;
  }

  /** How long a new connection may take to finish its handshake and send its first request. */
  private static final int FIRST_REQUEST_TIMEOUT_MS = 60_000;

  private final SSLServerSocket listener;
  private final InetSocketAddress backend;
  private final ClusterPki.Verifier verifier;
  private final UpgradeHandler endpoints;
  private final Map<Integer, Boolean> certifiedByLocalPort = new ConcurrentHashMap<>();
  private final ExecutorService connections =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "jkops-api-front");
            t.setDaemon(true);
            return t;
          });

  UpgradeFront(
      SSLServerSocket listener,
      InetSocketAddress backend,
      ClusterPki.Verifier verifier,
      UpgradeHandler endpoints) {
    this.listener = listener;
    this.backend = backend;
    this.verifier = verifier;
    this.endpoints = endpoints;
  }

  int port() {
    return listener.getLocalPort();
  }

  /**
   * Whether the connection the HTTP server sees as coming from {@code remote} is one this front
   * made for a client with a certificate the cluster CA issued.
   */
  boolean clientCertified(InetSocketAddress remote) {
    return remote != null
        && remote.getAddress().isLoopbackAddress()
        && certifiedByLocalPort.getOrDefault(remote.getPort(), false);
  }

  void start() {
    Thread acceptor = new Thread(this::acceptLoop, "jkops-api-accept");
    acceptor.setDaemon(false); // the process serves for as long as this listens
    acceptor.start();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        connections.execute(() -> serve((SSLSocket) s));
      } catch (IOException e) {
        if (listener.isClosed()) {
          return;
        }
        // one failed accept (a client that reset at once) is not the listener's end
      }
    }
  }

  private void serve(SSLSocket client) {
    try (client) {
      client.setTcpNoDelay(true);
      client.setSoTimeout(FIRST_REQUEST_TIMEOUT_MS);
      client.startHandshake();
      boolean certified = certified(client);
      InputStream in = new BufferedInputStream(client.getInputStream(), 16 * 1024);
      Optional<RequestHead> head = RequestHead.read(in);
      if (head.isEmpty()) {
        return;
      }
      client.setSoTimeout(0); // a watch or an exec lasts as long as the client wants
      if (head.get().isUpgrade()) {
        endpoints.serve(head.get(), certified, in, client.getOutputStream());
      } else {
        passOn(head.get(), certified, in, client.getOutputStream());
      }
    } catch (SocketTimeoutException | javax.net.ssl.SSLException e) {
      // no request in time, or no TLS: nothing to answer
    } catch (IOException e) {
      // the client went away
    }
  }

  private boolean certified(SSLSocket s) {
    try {
      Certificate[] chain = s.getSession().getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate c && verifier.issued(c);
    } catch (SSLPeerUnverifiedException none) {
      return false;
    }
  }

  private void passOn(RequestHead head, boolean certified, InputStream in, OutputStream out)
      throws IOException {
    try (Socket b = new Socket()) {
      b.setTcpNoDelay(true);
      b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int localPort = b.getLocalPort();
      certifiedByLocalPort.put(localPort, certified);
      try {
        b.connect(backend);
        OutputStream toBackend = b.getOutputStream();
        toBackend.write(head.raw());
        toBackend.flush();
        Thread up =
            new Thread(
                () -> {
                  try {
                    in.transferTo(toBackend);
                    b.shutdownOutput();
                  } catch (IOException e) {
                    // either side closed; the other copy ends too
                  }
                },
                "jkops-api-upstream");
        up.setDaemon(true);
        up.start();
        try {
          b.getInputStream().transferTo(out);
        } catch (IOException e) {
          // the client or the server closed
        }
      } finally {
        certifiedByLocalPort.remove(localPort);
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    connections.shutdownNow();
  }

  /** A TLS listener on {@code port} of 127.0.0.1 (0: any free one) that asks for a certificate. */
  static SSLServerSocket listen(javax.net.ssl.SSLContext ssl, int port) throws IOException {
    ServerSocket s =
        ssl.getServerSocketFactory()
            .createServerSocket(port, 128, InetAddress.getLoopbackAddress());
    SSLServerSocket tls = (SSLServerSocket) s;
    tls.setWantClientAuth(true);
    return tls;
  }
}
