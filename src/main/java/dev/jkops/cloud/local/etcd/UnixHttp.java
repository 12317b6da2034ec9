package dev.jkops.cloud.local.etcd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 POST over a unix domain socket, with a deadline. Java 17's HttpClient cannot dial a
 * unix socket, and etcd's members listen for clients only on one (so nothing reaches them from the
 * host's network), so this speaks the little HTTP that etcd's JSON gateway needs: a request with
 * {@code Connection: close}, a response read to the end, plain or chunked.
 */
final class UnixHttp {
  /** A response: the status code and the body as text. */
  record Response(int status, String body) {}

  private UnixHttp() {}

  /**
   * The longest path a unix socket address can hold: sun_path is 108 bytes with its closing NUL.
   */
  static final int MAX_PATH_BYTES = 107;

  static int bytes(Path socket) {
    return socket.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  static boolean fits(Path socket) {
    return bytes(socket) <= MAX_PATH_BYTES;
  }

  static Response post(Path socket, String path, String json, Duration timeout) throws IOException {
    if (!fits(socket)) {
      throw new IOException(
          "its socket path "
              + socket
              + " is "
              + bytes(socket)
              + " bytes long, more than the "
              + MAX_PATH_BYTES
              + " a unix socket address can hold; use a shorter JKOPS_RUNTIME_DIR");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.configureBlocking(false);
      ByteBuffer out = ByteBuffer.allocate(head.length() + body.length);
      out.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
      SelectionKey key = ch.register(selector, SelectionKey.OP_WRITE);
      while (out.hasRemaining()) {
        await(selector, deadline, socket);
        ch.write(out);
      }
      key.interestOps(SelectionKey.OP_READ);
      ByteArrayOutputStream in = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(16384);
      while (true) {
        await(selector, deadline, socket);
        int n = ch.read(buf);
        if (n < 0) {
          break;
        }
        in.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      return parse(in.toByteArray(), socket);
    }
  }

  private static void await(Selector selector, long deadline, Path socket) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0
        || selector.select(Math.max(1, left / 1_000_000)) == 0 && System.nanoTime() >= deadline) {
      throw new java.net.SocketTimeoutException("no answer from " + socket + " in time");
    }
    selector.selectedKeys().clear();
  }

  static Response parse(byte[] raw, Path socket) throws IOException {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || headEnd < 0) {
      throw new IOException(
          "not an HTTP answer from "
              + socket
              + ": "
              + text.substring(0, Math.min(80, text.length())));
    }
    String[] lines = text.substring(0, headEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    boolean chunked = false;
    for (String l : lines) {
      String lower = l.toLowerCase(Locale.ROOT);
      if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    byte[] rest = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
    return new Response(status, new String(chunked ? dechunk(rest) : rest, StandardCharsets.UTF_8));
  }

  static byte[] dechunk(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < raw.length) {
      int eol = indexOfCrlf(raw, i);
      if (eol < 0) {
        throw new IOException("truncated chunked answer");
      }
      String size = new String(raw, i, eol - i, StandardCharsets.US_ASCII).split(";")[0].trim();
      int n = Integer.parseInt(size, 16);
      if (n == 0) {
        break;
      }
      out.write(raw, eol + 2, n);
      i = eol + 2 + n + 2;
    }
    return out.toByteArray();
  }

  private static int indexOfCrlf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
