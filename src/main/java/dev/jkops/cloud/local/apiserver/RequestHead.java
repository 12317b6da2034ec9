package dev.jkops.cloud.local.apiserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP/1.1 request line and headers as they came (the bytes too, to pass on unchanged), read by
 * {@link UpgradeFront} to tell an Upgrade request from the others. Header names are kept lower
 * case.
 */
record RequestHead(byte[] raw, String method, String rawTarget, Map<String, List<String>> headers) {
  /** A head larger than this is not a request kubectl sends. */
  static final int MAX_HEAD = 64 * 1024;

  /** The head at the start of {@code in}; empty when the connection ends before any byte. */
  static Optional<RequestHead> read(InputStream in) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    int state = 0; // how much of CR LF CR LF has been seen
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        if (raw.size() == 0) {
          return Optional.empty();
        }
        throw new IOException("the connection ended inside a request head");
      }
      raw.write(b);
      if (raw.size() > MAX_HEAD) {
        throw new IOException("a request head larger than " + MAX_HEAD + " bytes");
      }
      state =
          switch (state) {
            case 0, 2 -> b == '\r' ? state + 1 : 0;
            case 1, 3 -> b == '\n' ? state + 1 : (b == '\r' ? 1 : 0);
            default -> 0;
          };
    }
    byte[] bytes = raw.toByteArray();
    String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] requestLine = lines[0].split(" ");
    if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/")) {
      throw new IOException("not an HTTP request line: " + lines[0]);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(
                lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
    }
    return Optional.of(new RequestHead(bytes, requestLine[0], requestLine[1], headers));
  }

  Optional<String> header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", v));
  }

  /** The comma-separated tokens of a header, trimmed (Connection, Sec-WebSocket-Protocol). */
  List<String> tokens(String name) {
    List<String> out = new ArrayList<>();
    for (String t : header(name).orElse("").split(",")) {
      if (!t.isBlank()) {
        out.add(t.trim());
      }
    }
    return out;
  }

  /**
   * Whether this asks to switch protocols ({@code Connection: Upgrade} with an {@code Upgrade}
   * header): WebSocket (kubectl 1.30 and later) or SPDY/3.1 (every kubectl before, and the later
   * ones' fallback).
   */
  boolean isUpgrade() {
    return header("upgrade").isPresent()
        && tokens("connection").stream().anyMatch(t -> t.equalsIgnoreCase("upgrade"));
  }

  boolean isWebSocket() {
    return header("upgrade").orElse("").toLowerCase(Locale.ROOT).contains("websocket");
  }

  String path() {
    return URI.create(rawTarget).getRawPath();
  }

  /** The query's parameters, each with all its values in order ({@code command} repeats). */
  Map<String, List<String>> query() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String q = URI.create(rawTarget).getRawQuery();
    if (q == null) {
      return out;
    }
    for (String pair : q.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }
}
