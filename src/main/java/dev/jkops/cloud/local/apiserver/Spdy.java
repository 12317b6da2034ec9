package dev.jkops.cloud.local.apiserver;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The server's end of a SPDY/3.1 session after {@code 101 Switching Protocols}, as kubectl before
 * 1.30 (its only streaming protocol) and the Go library it uses (moby/spdystream) speak it. Frames
 * are 8-byte headed: a control frame has its top bit set, version 3, a type, flags and a 24-bit
 * length; a data frame has a 31-bit stream id, flags ({@link #FLAG_FIN}: the sender's half of the
 * stream is done) and its length. Header blocks (SYN_STREAM, SYN_REPLY, HEADERS) are name/value
 * pairs with 32-bit lengths, compressed by one zlib stream per direction for the whole session
 * (each block ends with a sync flush) with SPDY/3's dictionary ({@link #DICTIONARY}).
 *
 * <p>No flow control: spdystream neither sends WINDOW_UPDATE nor waits for one, so a received one
 * is skipped and none is sent. Writes from several threads (stdout, stderr, ping answers) are
 * serialized, so frames never interleave.
 */
final class Spdy {
  static final int VERSION = 3;
  static final int SYN_STREAM = 1;
  static final int SYN_REPLY = 2;
  static final int RST_STREAM = 3;
  static final int SETTINGS = 4;
  static final int PING = 6;
  static final int GOAWAY = 7;
  static final int HEADERS = 8;
  static final int WINDOW_UPDATE = 9;
  static final int FLAG_FIN = 0x01;

  /** The largest data frame sent; the frame format allows 16 MiB, kubectl sends at most 32 KiB. */
  static final int MAX_DATA = 32 * 1024;

  /** A frame this side does not accept (a header block that large is not kubectl's). */
  static final int MAX_FRAME = 1 << 20;

  /** SPDY/3's header compression dictionary (draft-mbelshe-httpbis-spdy-00 section 2.6.10.1). */
  static final byte[] DICTIONARY = dictionary();

  /** A frame read from the client. */
  sealed interface Frame {}

  /** A new stream the client opened, with its (lower case) headers. */
  record SynStream(int streamId, int flags, Map<String, List<String>> headers) implements Frame {
    String header(String name) {
      List<String> v = headers.get(name);
      return v == null || v.isEmpty() ? "" : v.get(0);
    }
  }

  record Data(int streamId, int flags, byte[] data) implements Frame {
    boolean fin() {
      return (flags & FLAG_FIN) != 0;
    }
  }

  record RstStream(int streamId, int status) implements Frame {}

  record Ping(int id) implements Frame {}

  record GoAway(int lastGoodStreamId, int status) implements Frame {}

  /** SETTINGS, WINDOW_UPDATE, HEADERS, SYN_REPLY: nothing this server acts on. */
  record Skipped(int type) implements Frame {}

  private final DataInputStream in;
  private final OutputStream out;
  private final Inflater inflater = new Inflater();
  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);

  Spdy(InputStream in, OutputStream out) {
    this.in = new DataInputStream(in);
    this.out = out;
    deflater.setDictionary(DICTIONARY);
  }

  /** The next frame; end of stream is an {@link EOFException}. */
  Frame read() throws IOException {
    int first = in.readInt();
    int second = in.readInt();
    int flags = (second >>> 24) & 0xFF;
    int length = second & 0xFFFFFF;
    if (length > MAX_FRAME) {
      throw new IOException("a SPDY frame of " + length + " bytes");
    }
    byte[] payload = new byte[length];
    in.readFully(payload);
    if (first >= 0) {
      return new Data(first & 0x7FFFFFFF, flags, payload);
    }
    int version = (first >>> 16) & 0x7FFF;
    int type = first & 0xFFFF;
    if (version != VERSION) {
      throw new IOException("a SPDY/" + version + " frame; SPDY/3.1 is spoken here");
    }
    return switch (type) {
      case SYN_STREAM -> {
        requireLength(type, payload, 10);
        int streamId = intAt(payload, 0) & 0x7FFFFFFF;
        yield new SynStream(streamId, flags, headerBlock(payload, 10));
      }
      case SYN_REPLY, HEADERS -> {
        requireLength(type, payload, 4);
        headerBlock(payload, 4); // read, so that the shared zlib stream stays in step
        yield new Skipped(type);
      }
      case RST_STREAM -> {
        requireLength(type, payload, 8);
        yield new RstStream(intAt(payload, 0) & 0x7FFFFFFF, intAt(payload, 4));
      }
      case PING -> {
        requireLength(type, payload, 4);
        yield new Ping(intAt(payload, 0));
      }
      case GOAWAY -> {
        requireLength(type, payload, 8);
        yield new GoAway(intAt(payload, 0) & 0x7FFFFFFF, intAt(payload, 4));
      }
      default -> new Skipped(type);
    };
  }

  /** Accepts the client's stream {@code streamId} (spdystream waits for this before using it). */
  void synReply(int streamId, Map<String, String> headers) throws IOException {
    synchronized (out) {
      byte[] block = compress(headers);
      ByteArrayOutputStream p = new ByteArrayOutputStream();
      writeInt(p, streamId & 0x7FFFFFFF);
      p.writeBytes(block);
      writeControl(SYN_REPLY, 0, p.toByteArray());
    }
  }

  /** {@code data[off, off+len)} on {@code streamId}, in frames of at most {@link #MAX_DATA}. */
  void data(int streamId, byte[] data, int off, int len) throws IOException {
    synchronized (out) {
      do {
        int n = Math.min(len, MAX_DATA);
        writeData(streamId, 0, data, off, n);
        off += n;
        len -= n;
      } while (len > 0);
      out.flush();
    }
  }

  /** Ends this side of {@code streamId}: the client reads its end (EOF) there. */
  void finish(int streamId) throws IOException {
    synchronized (out) {
      writeData(streamId, FLAG_FIN, new byte[0], 0, 0);
      out.flush();
    }
  }

  /** The answer to the client's ping (the same id back). */
  void ping(int id) throws IOException {
    byte[] p = new byte[4];
    putInt(p, 0, id);
    synchronized (out) {
      writeControl(PING, 0, p);
    }
  }

  /** The session's end from this side: no new streams ({@code status} 0: OK). */
  void goAway(int lastGoodStreamId, int status) throws IOException {
    byte[] p = new byte[8];
    putInt(p, 0, lastGoodStreamId);
    putInt(p, 4, status);
    synchronized (out) {
      writeControl(GOAWAY, 0, p);
    }
  }

  /** Refuses stream {@code streamId} ({@code status} 1: PROTOCOL_ERROR, 3: REFUSED_STREAM). */
  void reset(int streamId, int status) throws IOException {
    byte[] p = new byte[8];
    putInt(p, 0, streamId);
    putInt(p, 4, status);
    synchronized (out) {
      writeControl(RST_STREAM, 0, p);
    }
  }

  private void writeControl(int type, int flags, byte[] payload) throws IOException {
    byte[] h = new byte[8];
    putInt(h, 0, 0x80000000 | (VERSION << 16) | type);
    putInt(h, 4, (flags << 24) | payload.length);
    out.write(h);
    out.write(payload);
    out.flush();
  }

  private void writeData(int streamId, int flags, byte[] data, int off, int len)
      throws IOException {
    byte[] h = new byte[8];
    putInt(h, 0, streamId & 0x7FFFFFFF);
    putInt(h, 4, (flags << 24) | len);
    out.write(h);
    out.write(data, off, len);
  }

  /** A header block: the pairs, then deflated with a sync flush on the session's one stream. */
  private byte[] compress(Map<String, String> headers) {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    writeInt(raw, headers.size());
    for (Map.Entry<String, String> e : headers.entrySet()) {
      byte[] name = e.getKey().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
      byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
      writeInt(raw, name.length);
      raw.writeBytes(name);
      writeInt(raw, value.length);
      raw.writeBytes(value);
    }
    deflater.setInput(raw.toByteArray());
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (true) {
      int n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
      compressed.write(buf, 0, n);
      if (n < buf.length) {
        return compressed.toByteArray();
      }
    }
  }

  /** The name/value pairs of the header block at {@code payload[from..]}. */
  private Map<String, List<String>> headerBlock(byte[] payload, int from) throws IOException {
    inflater.setInput(payload, from, payload.length - from);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      while (true) {
        int n = inflater.inflate(buf);
        if (n == 0) {
          if (inflater.needsDictionary()) {
            inflater.setDictionary(DICTIONARY);
            continue;
          }
          break; // the block's input is used up (its sync flush yields nothing)
        }
        raw.write(buf, 0, n);
        if (raw.size() > MAX_FRAME) {
          throw new IOException("a SPDY header block larger than " + MAX_FRAME + " bytes");
        }
      }
    } catch (DataFormatException e) {
      throw new IOException("a SPDY header block that is not zlib data: " + e.getMessage(), e);
    }
    byte[] b = raw.toByteArray();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    int pos = 0;
    int count = intAt(b, pos);
    pos += 4;
    for (int i = 0; i < count; i++) {
      int nameLength = intAt(b, pos);
      String name = string(b, pos + 4, nameLength);
      pos += 4 + nameLength;
      int valueLength = intAt(b, pos);
      String value = string(b, pos + 4, valueLength);
      pos += 4 + valueLength;
      List<String> values =
          headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
      // several values of one name are joined by NUL
      values.addAll(List.of(value.split("\0", -1)));
    }
    return headers;
  }

  private static String string(byte[] b, int off, int len) throws IOException {
    if (len < 0 || off + len > b.length) {
      throw new IOException("a SPDY header block whose lengths overrun it");
    }
    return new String(b, off, len, StandardCharsets.UTF_8);
  }

  private static void requireLength(int type, byte[] payload, int min) throws IOException {
    if (payload.length < min) {
      throw new IOException("a SPDY control frame of type " + type + " shorter than " + min);
    }
  }

  private static int intAt(byte[] b, int off) throws IOException {
    if (off + 4 > b.length) {
      throw new IOException("a SPDY frame or header block ends early");
    }
    return ((b[off] & 0xFF) << 24)
        | ((b[off + 1] & 0xFF) << 16)
        | ((b[off + 2] & 0xFF) << 8)
        | (b[off + 3] & 0xFF);
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  private static void writeInt(ByteArrayOutputStream o, int v) {
    byte[] b = new byte[4];
    putInt(b, 0, v);
    o.writeBytes(b);
  }

  /**
   * The dictionary is the length-prefixed (32-bit) names and values HTTP/1.1 uses most, then a run
   * of status codes, reason phrases, dates and media types without prefixes.
   */
  private static byte[] dictionary() {
    String[] words = {
      "options",
      "head",
      "post",
      "put",
      "delete",
      "trace",
      "accept",
      "accept-charset",
      "accept-encoding",
      "accept-language",
      "accept-ranges",
      "age",
      "allow",
      "authorization",
      "cache-control",
      "connection",
      "content-base",
      "content-encoding",
      "content-language",
      "content-length",
      "content-location",
      "content-md5",
      "content-range",
      "content-type",
      "date",
      "etag",
      "expect",
      "expires",
      "from",
      "host",
      "if-match",
      "if-modified-since",
      "if-none-match",
      "if-range",
      "if-unmodified-since",
      "last-modified",
      "location",
      "max-forwards",
      "pragma",
      "proxy-authenticate",
      "proxy-authorization",
      "range",
      "referer",
      "retry-after",
      "server",
      "te",
      "trailer",
      "transfer-encoding",
      "upgrade",
      "user-agent",
      "vary",
      "via",
      "warning",
      "www-authenticate",
      "method",
      "get",
      "status",
      "200 OK",
      "version",
      "HTTP/1.1",
      "url",
      "public",
      "set-cookie",
      "keep-alive",
      "origin"
    };
    String tail =
        "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505"
            + "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request"
            + "401 Unauthorized403 Forbidden404 Not Found500 Internal Server Error"
            + "501 Not Implemented503 Service Unavailable"
            + "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 "
            + "Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT"
            + "chunked,text/html,image/png,image/jpg,image/gif,application/xml,"
            + "application/xhtml+xml,text/plain,text/javascript,publicprivatemax-age="
            + "gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.";
    ByteArrayOutputStream d = new ByteArrayOutputStream();
    for (String w : words) {
      writeInt(d, w.length());
      d.writeBytes(w.getBytes(StandardCharsets.US_ASCII));
    }
    d.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
    return d.toByteArray();
  }
}
