package dev.jkops.cloud.local.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * SPDY/3.1 framing as kubectl's spdystream writes and reads it; kubectl itself is the judge in
 * KubectlStreamingTest, this pins the pieces it cannot show one by one.
 */
class SpdyTest {
  @Test
  void theDictionaryIsSpdy3s() throws Exception {
    // SHA-1 of the 1423 bytes of moby/spdystream's spdy/dictionary.go (the draft's dictionary)
    assertThat(Spdy.DICTIONARY).hasSize(1423);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Spdy.DICTIONARY)))
        .isEqualTo("d68ca9b208de9c3754703445a22cf668a5abebb3");
  }

  @Test
  void streamsOpenedByAClientAreReadWithTheirHeadersAndRepliesInflateWithTheDictionary()
      throws Exception {
    // the client: one zlib stream for all its header blocks, a sync flush after each
    Deflater client = new Deflater(Deflater.BEST_COMPRESSION);
    client.setDictionary(Spdy.DICTIONARY);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    synStream(wire, client, 1, Map.of("streamtype", "error"));
    synStream(wire, client, 3, Map.of("streamtype", "stdin"));
    DataOutputStream d = new DataOutputStream(wire);
    d.writeInt(3);
    d.writeInt((Spdy.FLAG_FIN << 24) | 5);
    d.write("hello".getBytes(StandardCharsets.US_ASCII));
    d.writeInt(0x80000000 | (3 << 16) | Spdy.PING);
    d.writeInt(4);
    d.writeInt(7);

    ByteArrayOutputStream replies = new ByteArrayOutputStream();
    Spdy server = new Spdy(new ByteArrayInputStream(wire.toByteArray()), replies);
    Spdy.SynStream first = (Spdy.SynStream) server.read();
    assertThat(first.streamId()).isEqualTo(1);
    assertThat(first.header("streamtype")).isEqualTo("error");
    Spdy.SynStream second = (Spdy.SynStream) server.read();
    assertThat(second.streamId()).isEqualTo(3);
    assertThat(second.header("streamtype")).isEqualTo("stdin");
    Spdy.Data data = (Spdy.Data) server.read();
    assertThat(data.fin()).isTrue();
    assertThat(new String(data.data(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(server.read()).isEqualTo(new Spdy.Ping(7));

    server.synReply(1, Map.of());
    server.synReply(3, Map.of("x-a", "b"));
    byte[] r = replies.toByteArray();
    Inflater inflater = new Inflater();
    int pos = 0;
    for (List<String> expected : List.of(List.<String>of(), List.of("x-a", "b"))) {
      assertThat(r[pos] & 0xFF).isEqualTo(0x80);
      assertThat(r[pos + 3]).isEqualTo((byte) Spdy.SYN_REPLY);
      int length = ((r[pos + 5] & 0xFF) << 16) | ((r[pos + 6] & 0xFF) << 8) | (r[pos + 7] & 0xFF);
      inflater.setInput(r, pos + 12, length - 4);
      byte[] block = new byte[256];
      int n = inflater.inflate(block);
      if (n == 0 && inflater.needsDictionary()) {
        inflater.setDictionary(Spdy.DICTIONARY);
        n = inflater.inflate(block);
      }
      ByteArrayOutputStream want = new ByteArrayOutputStream();
      DataOutputStream w = new DataOutputStream(want);
      w.writeInt(expected.size() / 2);
      for (String s : expected) {
        w.writeInt(s.length());
        w.writeBytes(s);
      }
      assertThat(java.util.Arrays.copyOf(block, n)).isEqualTo(want.toByteArray());
      pos += 8 + length;
    }
  }

  private static void synStream(
      ByteArrayOutputStream wire, Deflater z, int id, Map<String, String> headers)
      throws Exception {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    DataOutputStream r = new DataOutputStream(raw);
    r.writeInt(headers.size());
    for (var e : headers.entrySet()) {
      r.writeInt(e.getKey().length());
      r.writeBytes(e.getKey());
      r.writeInt(e.getValue().length());
      r.writeBytes(e.getValue());
    }
    z.setInput(raw.toByteArray());
    byte[] buf = new byte[1024];
    int n = z.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
    DataOutputStream d = new DataOutputStream(wire);
    d.writeInt(0x80000000 | (3 << 16) | Spdy.SYN_STREAM);
    d.writeInt(10 + n);
    d.writeInt(id);
    d.writeInt(0);
    d.writeShort(0);
    d.write(buf, 0, n);
  }
}
