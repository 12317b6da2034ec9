package dev.jkops.cloud.local.etcd;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jkops.api.JsonTrees;
import dev.jkops.api.StepMarks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * etcd's v3 API through its JSON gateway on one member's unix socket: key ranges, atomic
 * transactions, member status and membership. Keys and values are text; the gateway wants them
 * base64-encoded.
 */
public final class EtcdClient {
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder UNB64 = Base64.getDecoder();

  /**
   * What one member says about itself and the cluster. {@code leader} is 0 when it knows of none.
   */
  public record Status(String memberId, String leader, long raftTerm, long revision) {
    public boolean hasLeader() {
      return !leader.isEmpty() && !"0".equals(leader);
    }

    public boolean isLeader() {
      return hasLeader() && leader.equals(memberId);
    }
  }

  /** A member as the cluster lists it. */
  public record Member(String id, String name, List<String> peerUrls) {}

  /** One write in a transaction. */
  public sealed interface Op permits Put, Delete {}

  public record Put(String key, String value) implements Op {}

  public record Delete(String key) implements Op {}

  /**
   * etcd's own require-leader check (clientv3's WithRequireLeader), through the gateway: a member
   * that knows no leader refuses the request at once ("etcdserver: no leader") instead of taking a
   * write it cannot commit.
   */
  private static final String REQUIRE_LEADER = "Grpc-Metadata-hasleader: true\r\n";

  private final Path socket;
  private final Duration timeout;
  private final boolean requireLeader;

  public EtcdClient(Path socket, Duration timeout) {
    this(socket, timeout, false);
  }

  private EtcdClient(Path socket, Duration timeout, boolean requireLeader) {
    this.socket = socket;
    this.timeout = timeout;
    this.requireLeader = requireLeader;
  }

  /** This client, its requests refused by a member that follows no leader. */
  public EtcdClient requiringLeader() {
    return new EtcdClient(socket, timeout, true);
  }

  public Path socket() {
    return socket;
  }

  public Status status() {
    JsonNode r = call("/v3/maintenance/status", object());
    return new Status(
        r.path("header").path("member_id").asText(""),
        r.path("leader").asText("0"),
        r.path("raftTerm").asLong(0),
        r.path("header").path("revision").asLong(0));
  }

  public Optional<String> get(String key, boolean serializable) {
    ObjectNode req = object().put("key", b64(key)).put("serializable", serializable);
    JsonNode kvs = call("/v3/kv/range", req).path("kvs");
    return kvs.isArray() && kvs.size() > 0
        ? Optional.of(unb64(kvs.get(0).path("value").asText("")))
        : Optional.empty();
  }

  /** Every key under {@code prefix}, sorted. */
  public SortedMap<String, String> range(String prefix, boolean serializable) {
    ObjectNode req =
        object()
            .put("key", b64(prefix))
            .put("range_end", b64(prefixEnd(prefix)))
            .put("serializable", serializable);
    String path = "/v3/kv/range";
    UnixHttp.Response r = post(path, req);
    if (r.status() == 200) {
      try {
        SortedMap<String, String> out = keyValues(r.bytes());
        StepMarks.mark("etcd-range-decoded");
        return out;
      } catch (IOException notJson) {
        // checked() below says what the member answered
      }
    }
    checked(path, r);
    throw new EtcdException(
        "etcd member at "
            + socket
            + " answered "
            + path
            + " with an unexpected shape: "
            + r.body());
  }

  /**
   * The {@code kvs} of a range answer, keys and values decoded, read token by token: the base64 of
   * each key and value is decoded straight from the parser's buffer, with no tree of the answer and
   * no base64 text in between (with 1,000 pods the answer is ~3 MB; the tree and its strings were
   * most of the time {@code get pods} spent on it in a cold JVM). A key or value the answer leaves
   * out (etcd omits an empty one) is empty.
   */
  static SortedMap<String, String> keyValues(byte[] answer) throws IOException {
    SortedMap<String, String> out = new TreeMap<>();
    try (JsonParser p = JsonTrees.parser(answer)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonParseException(p, "a range answer is a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (!field.equals("kvs") || value != JsonToken.START_ARRAY) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          byte[] k = NOTHING;
          byte[] v = NOTHING;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("key")) {
              k = p.getBinaryValue(Base64Variants.MIME_NO_LINEFEEDS);
            } else if (name.equals("value")) {
              v = p.getBinaryValue(Base64Variants.MIME_NO_LINEFEEDS);
            } else {
              p.skipChildren();
            }
          }
          out.put(new String(k, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8));
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
          throw new JsonParseException(p, "each of a range answer's kvs is a JSON object");
        }
      }
    }
    return out;
  }

  private static final byte[] NOTHING = new byte[0];

  /**
   * Several reads in one round trip, as of one revision: a transaction of ranges only, each
   * serializable (served by this member, as {@link #get} and {@link #range} with {@code
   * serializable}). For each of {@code keysOrPrefixes}, one ending in '/' gives every key under it,
   * any other that key alone if it is stored.
   */
  public List<SortedMap<String, String>> readAll(List<String> keysOrPrefixes) {
    ObjectNode req = object();
    ArrayNode success = req.putArray("success");
    for (String k : keysOrPrefixes) {
      ObjectNode range =
          success
              .addObject()
              .putObject("request_range")
              .put("key", b64(k))
              .put("serializable", true);
      if (k.endsWith("/")) {
        range.put("range_end", b64(prefixEnd(k)));
      }
    }
    JsonNode responses = call("/v3/kv/txn", req).path("responses");
    List<SortedMap<String, String>> out = new ArrayList<>();
    for (int i = 0; i < keysOrPrefixes.size(); i++) {
      SortedMap<String, String> kvs = new TreeMap<>();
      for (JsonNode kv : responses.path(i).path("response_range").path("kvs")) {
        kvs.put(unb64(kv.path("key").asText("")), unb64(kv.path("value").asText("")));
      }
      out.add(kvs);
    }
    return out;
  }

  /** Applies every write in one transaction: all of them or, on any failure, none. */
  public void txn(List<Op> ops) {
    ObjectNode req = object();
    ArrayNode success = req.putArray("success");
    for (Op op : ops) {
      if (op instanceof Put p) {
        success
            .addObject()
            .putObject("request_put")
            .put("key", b64(p.key()))
            .put("value", b64(p.value()));
      } else if (op instanceof Delete d) {
        success.addObject().putObject("request_delete_range").put("key", b64(d.key()));
      }
    }
    call("/v3/kv/txn", req);
  }

  /** Deletes every key under {@code prefix}; returns how many went. */
  public long deletePrefix(String prefix) {
    ObjectNode req = object().put("key", b64(prefix)).put("range_end", b64(prefixEnd(prefix)));
    return call("/v3/kv/deleterange", req).path("deleted").asLong(0);
  }

  /**
   * A running watch of a key prefix: its stream stays open until {@link #close}, or until the
   * member goes ({@link #ended} then says so).
   */
  public static final class Watch implements AutoCloseable {
    private final java.util.concurrent.atomic.AtomicBoolean ended =
        new java.util.concurrent.atomic.AtomicBoolean();
    private java.nio.channels.SocketChannel channel;

    /** True once the stream is over: the member went or the watch was closed. */
    public boolean ended() {
      return ended.get();
    }

    @Override
    public void close() {
      ended.set(true);
      try {
        channel.close();
      } catch (IOException e) {
        // closing a socket that already went: nothing left to release
      }
    }
  }

  /**
   * Watches every key under {@code prefix} through etcd's watch stream: {@code changed} runs after
   * each batch of changes (puts and deletes) etcd reports, on the stream's own thread. Returns once
   * etcd has confirmed the watch, so no change made after this returns is missed.
   */
  public Watch watch(String prefix, Runnable changed) {
    ObjectNode create = object();
    create
        .putObject("create_request")
        .put("key", b64(prefix))
        .put("range_end", b64(prefixEnd(prefix)));
    Watch w = new Watch();
    java.util.concurrent.CountDownLatch created = new java.util.concurrent.CountDownLatch(1);
    try {
      w.channel =
          UnixHttp.stream(
              socket,
              "/v3/watch",
              JsonTrees.write(create),
              timeout,
              line -> {
                JsonNode result;
                try {
                  result = JsonTrees.read(line).path("result");
                } catch (IOException notJson) {
                  return;
                }
                if (result.path("created").asBoolean(false)) {
                  created.countDown();
                }
                if (result.path("events").size() > 0) {
                  changed.run();
                }
              },
              () -> {
                w.ended.set(true);
                created.countDown();
              });
      if (!created.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          || w.ended()) {
        w.close();
        throw new EtcdException("etcd member at " + socket + " did not start a watch of " + prefix);
      }
    } catch (IOException e) {
      throw new EtcdException(
          "etcd member at " + socket + " did not answer /v3/watch: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (w.channel != null) {
        w.close();
      }
      throw new EtcdException("interrupted starting a watch of " + prefix, e);
    }
    return w;
  }

  public List<Member> members() {
    List<Member> out = new ArrayList<>();
    for (JsonNode m : call("/v3/cluster/member/list", object()).path("members")) {
      List<String> peers = new ArrayList<>();
      m.path("peerURLs").forEach(u -> peers.add(u.asText()));
      out.add(new Member(m.path("ID").asText(), m.path("name").asText(""), peers));
    }
    return out;
  }

  public void removeMember(String id) {
    call("/v3/cluster/member/remove", object().put("ID", id));
  }

  public void addMember(String peerUrl) {
    ObjectNode req = object();
    req.putArray("peerURLs").add(peerUrl);
    call("/v3/cluster/member/add", req);
  }

  /** A request's body: a node of its own, with no mapper (JsonTrees writes and reads them). */
  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  private JsonNode call(String path, ObjectNode request) {
    return checked(path, post(path, request));
  }

  private UnixHttp.Response post(String path, ObjectNode request) {
    try {
      UnixHttp.Response r =
          UnixHttp.post(
              socket, path, JsonTrees.write(request), timeout, requireLeader ? REQUIRE_LEADER : "");
      StepMarks.mark("etcd-answered", path);
      return r;
    } catch (IOException e) {
      throw new EtcdException(
          "etcd member at " + socket + " did not answer " + path + ": " + e.getMessage(), e);
    }
  }

  /** The answer's JSON, when it is JSON and says 200; else an error saying what etcd said. */
  private JsonNode checked(String path, UnixHttp.Response r) {
    JsonNode body;
    try {
      String text = r.body();
      body = text.isBlank() ? object() : JsonTrees.read(text);
    } catch (IOException e) {
      throw new EtcdException(
          "etcd member at "
              + socket
              + " answered "
              + path
              + " with something other than JSON: "
              + r.body(),
          e);
    }
    StepMarks.mark("etcd-answer-parsed", path);
    if (r.status() != 200) {
      String msg = body.path("message").asText(body.path("error").asText(r.body()));
      throw new EtcdException("etcd refused " + path + " (HTTP " + r.status() + "): " + msg);
    }
    return body;
  }

  private static String b64(String s) {
    return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String unb64(String s) {
    return new String(UNB64.decode(s), StandardCharsets.UTF_8);
  }

  /** The smallest key after every key with this prefix (etcd's range_end for a prefix). */
  static String prefixEnd(String prefix) {
    char[] c = prefix.toCharArray();
    c[c.length - 1]++;
    return new String(c);
  }
}
