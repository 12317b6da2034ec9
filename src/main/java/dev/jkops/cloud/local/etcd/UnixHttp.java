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
  /**
   * A response: the status code and the body's bytes (a range of 1,000 pods is ~3 MB of JSON, read
   * by a streaming parser from the bytes without a copy as text).
   */
  @SuppressWarnings("ArrayRecordComponent") // made once per response, never compared
  record Response(int status, byte[] bytes) {
    /** The body as text (UTF-8, as etcd's gateway writes it). */
    String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

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
    return post(socket, path, json, timeout, "");
  }

  /** As {@link #post(Path, String, String, Duration)}, with {@code headers} (each ending CRLF). */
  static Response post(Path socket, String path, String json, Duration timeout, String headers)
      throws IOException {
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
            + headers
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

  /**
   * A POST whose answer is a stream of JSON messages, one a line (etcd's gateway for a gRPC stream
   * such as watch): each line goes to {@code lines} as it arrives, until the server ends the answer
   * or the returned channel is closed (which ends the blocked read). Connecting and the answer's
   * head must come within {@code timeout}; the body may then last as long as the stream does.
   */
  static SocketChannel stream(
      Path socket,
      String path,
      String json,
      Duration timeout,
      java.util.function.Consumer<String> lines,
      Runnable ended)
      throws IOException {
    if (!fits(socket)) {
      throw new IOException("its socket path " + socket + " is too long for a unix socket address");
    }
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer out = ByteBuffer.allocate(head.length() + body.length);
      out.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
      while (out.hasRemaining()) {
        ch.write(out);
      }
      java.io.InputStream in =
          new java.io.BufferedInputStream(java.nio.channels.Channels.newInputStream(ch));
      // the head, read on a thread bounded by the timeout: a member that accepts and never answers
      // must not hold the caller
      java.util.concurrent.CompletableFuture<Boolean> headRead =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return readHead(in, socket);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      boolean chunked;
      try {
        chunked = headRead.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new java.net.SocketTimeoutException("no answer from " + socket + " in time");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted waiting for " + socket);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof java.io.UncheckedIOException u
            ? u.getCause()
            : new IOException(e.getCause());
      }
      Thread reader =
          new Thread(
              () -> {
                try {
                  readLines(chunked ? new ChunkedBody(in) : in, lines);
                } catch (IOException closedOrGone) {
                  // the caller closed the channel, or the member went: the stream is over
                } finally {
                  ended.run();
                }
              },
              "etcd-stream " + path);
      reader.setDaemon(true);
      reader.start();
      return ch;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Reads the answer's head; true when its body is chunked. Fails on a status other than 200. */
  private static boolean readHead(java.io.InputStream in, Path socket) throws IOException {
    String status = readLine(in);
    if (status == null || !status.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer from " + socket + ": " + status);
    }
    boolean chunked = false;
    for (String l = readLine(in); l != null && !l.isEmpty(); l = readLine(in)) {
      String lower = l.toLowerCase(Locale.ROOT);
      if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    if (!status.split(" ")[1].equals("200")) {
      throw new IOException(socket + " answered " + status);
    }
    return chunked;
  }

  private static void readLines(java.io.InputStream in, java.util.function.Consumer<String> lines)
      throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        if (line.size() > 0) {
          lines.accept(line.toString(StandardCharsets.UTF_8));
        }
        line.reset();
      } else {
        line.write(b);
      }
    }
    if (line.size() > 0) {
      lines.accept(line.toString(StandardCharsets.UTF_8));
    }
  }

  /** A CRLF-ended line of the head, without its end; null at the end of the stream. */
  private static String readLine(java.io.InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  /** A chunked body read as it arrives: the chunks' bytes, ending at the last (empty) chunk. */
  private static final class ChunkedBody extends java.io.InputStream {
    private final java.io.InputStream in;
    private long left;
    private boolean done;

    ChunkedBody(java.io.InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = readLine(in);
        while (size != null && size.isEmpty()) {
          size = readLine(in); // the CRLF closing the previous chunk
        }
        if (size == null) {
          done = true;
          return -1;
        }
        left = Long.parseLong(size.split(";")[0].trim(), 16);
        if (left == 0) {
          done = true;
          return -1;
        }
      }
      int b = in.read();
      if (b < 0) {
        done = true;
        return -1;
      }
      left--;
      return b;
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
    int headEnd = indexOfBlankLine(raw);
    String start = new String(raw, 0, Math.min(80, raw.length), StandardCharsets.ISO_8859_1);
    if (!start.startsWith("HTTP/1.") || headEnd < 0) {
      throw new IOException("not an HTTP answer from " + socket + ": " + start);
    }
    // only the head as text: the body (megabytes for a large range) stays bytes
    String[] lines = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    boolean chunked = false;
    for (String l : lines) {
      String lower = l.toLowerCase(Locale.ROOT);
      if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    byte[] rest = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
    return new Response(status, chunked ? dechunk(rest) : rest);
  }

  /** Where the head's closing blank line (CRLF CRLF) starts; -1 when there is none. */
  private static int indexOfBlankLine(byte[] b) {
    for (int i = 0; i + 3 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
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
