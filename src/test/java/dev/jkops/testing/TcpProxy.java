package dev.jkops.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback TCP forwarder for fault tests: put between jkops and a server, it can delay every
 * request ({@link #delayMillis}, before each chunk the client sends, so kept-alive connections are
 * slow too) or drop every connection, new and open, while {@code downFlag} exists (a file, so a
 * script run by jkops, such as $EDITOR, can take the server down mid-command).
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final Path downFlag;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "tcp-proxy");
            t.setDaemon(true);
            return t;
          });
  public volatile long delayMillis;

  public TcpProxy(int targetPort, Path downFlag) throws IOException {
    this.server = new ServerSocket();
    this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.targetPort = targetPort;
    this.downFlag = downFlag;
    pool.submit(this::accept);
  }

  public int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        pool.submit(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      if (Files.exists(downFlag)) {
        return; // closed at once: the server is "down"
      }
      try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
        var up =
            pool.submit(
                () -> {
                  try (client;
                      upstream) {
                    return pump(client.getInputStream(), upstream.getOutputStream(), true);
                  }
                });
        pump(upstream.getInputStream(), client.getOutputStream(), false);
        up.cancel(true);
      }
    } catch (IOException | InterruptedException e) {
      // a dropped connection is what this proxy is for
    }
  }

  private Void pump(InputStream in, OutputStream out, boolean fromClient)
      throws IOException, InterruptedException {
    byte[] buf = new byte[16384];
    for (int n; (n = in.read(buf)) >= 0; ) {
      if (fromClient) {
        if (Files.exists(downFlag)) {
          throw new IOException(
              "down"); // closes both ends: an open connection breaks as the server goes
        }
        if (delayMillis > 0) {
          Thread.sleep(delayMillis);
        }
      }
      out.write(buf, 0, n);
      out.flush();
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
  }
}
