package dev.jkops.cloud.local.apiserver;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The server's end of an RFC 6455 WebSocket, after the 101 answer: whole messages in (client frames
 * must be masked; fragments are joined; pings are answered with pongs here), frames out (unmasked,
 * as a server sends them). Writes from several threads (a program's stdout and stderr, the pong)
 * are serialized so that frames never interleave.
 */
final class WebSocket {
  /** The GUID RFC 6455 section 1.3 appends to the client's key. */
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** Larger messages are refused: kubectl sends stdin in pieces of at most 32 KiB. */
  static final int MAX_MESSAGE = 1 << 20;

  static final int OP_CONTINUATION = 0x0;
  static final int OP_TEXT = 0x1;
  static final int OP_BINARY = 0x2;
  static final int OP_CLOSE = 0x8;
  static final int OP_PING = 0x9;
  static final int OP_PONG = 0xA;

  /** A whole data message, or the close the peer sent ({@code opcode == OP_CLOSE}). */
  record Message(int opcode, byte[] payload) {}

  private final InputStream in;
  private final OutputStream out;
  private boolean closeSent;

  WebSocket(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  /** {@code Sec-WebSocket-Accept} for the client's {@code Sec-WebSocket-Key}. */
  static String accept(String key) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest((key.trim() + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  /**
   * The next data message or close; pings are answered and pongs skipped on the way. End of stream
   * without a close frame is an {@link EOFException}.
   */
  Message read() throws IOException {
    ByteArrayOutputStream message = null;
    int messageOpcode = 0;
    while (true) {
      int b0 = readByte();
      int b1 = readByte();
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0F;
      if ((b1 & 0x80) == 0) {
        throw new IOException("a client frame is not masked (RFC 6455 section 5.1)");
      }
      long len = b1 & 0x7F;
      if (len == 126) {
        len = (readByte() << 8) | readByte();
      } else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; i++) {
          len = (len << 8) | readByte();
        }
      }
      if (len > MAX_MESSAGE || (message != null && message.size() + len > MAX_MESSAGE) || len < 0) {
        throw new IOException("a WebSocket message larger than " + MAX_MESSAGE + " bytes");
      }
      byte[] mask = in.readNBytes(4);
      byte[] payload = in.readNBytes((int) len);
      if (mask.length < 4 || payload.length < len) {
        throw new EOFException("the connection ended inside a WebSocket frame");
      }
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i & 3];
      }
      switch (opcode) {
        case OP_PING -> send(OP_PONG, payload);
        case OP_PONG -> {
          // an answer to nothing this side sent: skipped
        }
        case OP_CLOSE -> {
          return new Message(OP_CLOSE, payload);
        }
        case OP_TEXT, OP_BINARY, OP_CONTINUATION -> {
          if (opcode != OP_CONTINUATION) {
            message = new ByteArrayOutputStream();
            messageOpcode = opcode;
          } else if (message == null) {
            throw new IOException("a continuation frame with no message before it");
          }
          message.writeBytes(payload);
          if (fin) {
            return new Message(messageOpcode, message.toByteArray());
          }
        }
        default -> throw new IOException("unknown WebSocket opcode " + opcode);
      }
    }
  }

  /** One binary message: {@code first} then {@code data[off, off+len)} (a channel byte, data). */
  void sendBinary(int first, byte[] data, int off, int len) throws IOException {
    synchronized (out) {
      out.write(header(OP_BINARY, len + 1));
      out.write(first);
      out.write(data, off, len);
      out.flush();
    }
  }

  void send(int opcode, byte[] payload) throws IOException {
    synchronized (out) {
      out.write(header(opcode, payload.length));
      out.write(payload);
      out.flush();
    }
  }

  /**
   * A close frame with {@code code} (1000: normal), once; kubectl's reader takes a normal close as
   * end-of-stream on every channel.
   */
  void close(int code, String reason) throws IOException {
    synchronized (out) {
      if (closeSent) {
        return;
      }
      closeSent = true;
      byte[] r = reason.getBytes(StandardCharsets.UTF_8);
      byte[] p = new byte[2 + Math.min(r.length, 120)];
      p[0] = (byte) (code >> 8);
      p[1] = (byte) code;
      System.arraycopy(r, 0, p, 2, p.length - 2);
      send(OP_CLOSE, p);
    }
  }

  private static byte[] header(int opcode, int len) {
    if (len < 126) {
      return new byte[] {(byte) (0x80 | opcode), (byte) len};
    }
    if (len <= 0xFFFF) {
      return new byte[] {(byte) (0x80 | opcode), 126, (byte) (len >> 8), (byte) len};
    }
    byte[] h = new byte[10];
    h[0] = (byte) (0x80 | opcode);
    h[1] = 127;
    for (int i = 0; i < 8; i++) {
      h[9 - i] = (byte) ((long) len >> (8 * i));
    }
    return h;
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("the connection ended");
    }
    return b;
  }
}
