package dev.jkops.cli;

import dev.jkops.cloud.local.etcd.EtcdClient;
import dev.jkops.cloud.local.pods.Pod;
import dev.jkops.cloud.local.pods.PodStore;
import dev.jkops.cloud.local.runtime.ClusterRuntimeStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The part of the launcher's training run that stands for {@code get pods}: with no cluster to ask,
 * it answers one etcd range request itself, as etcd's JSON gateway does (chunked, keys and values
 * in base64), on a unix socket in the training's own directory, reads the pods from it through
 * {@link EtcdClient} and {@link PodStore} and prints them as {@link GetPodsCommand} does. So the
 * classes a real {@code get pods} loads after the CLI (the unix-socket HTTP client, the range
 * answer's streaming parse, the pod reader, the table and its ages) come from the archive instead
 * of the jar. Nothing leaves the directory: no network, no namespaces.
 */
final class PodListingTraining {
  private PodListingTraining() {}

  /** What the table and the wide table printed, one after the other. */
  static String run(Path dir) throws IOException, InterruptedException {
    InMemory records = new InMemory();
    PodStore writer = new PodStore(records);
    String created = Instant.now().minusSeconds(90).toString();
    for (String name : List.of("web-1", "web-2", "db-1")) {
      writer.put(
          new Pod(
              name,
              name.startsWith("db") ? "data" : "default",
              Map.of("app", name.substring(0, name.indexOf('-'))),
              "nodes-zone-a-1",
              "jk-training-p-" + name,
              "training-" + name,
              "100.96.1." + (10 + name.length()),
              "cni:training",
              "{\"cniVersion\":\"1.0.0\"}",
              created));
    }
    Path socket = dir.resolve("etcd.sock");
    byte[] answer = rangeAnswer(records.list(PodStore.PREFIX));
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread gateway = new Thread(() -> answerOnce(server, answer), "training etcd gateway");
      gateway.setDaemon(true);
      gateway.start();
      EtcdClient etcd = new EtcdClient(socket, Duration.ofSeconds(5));
      List<Pod> pods = new PodStore(new Listing(etcd)).list();
      gateway.join(5000);
      StringWriter sink = new StringWriter();
      PrintWriter out = new PrintWriter(sink);
      GetPodsCommand.print(pods, null, OutputFormat.TABLE, false, n -> true, out, out);
      GetPodsCommand.print(pods, "default", OutputFormat.TABLE, true, n -> false, out, out);
      return sink.toString();
    }
  }

  /** etcd's gateway's answer to a range: JSON, each key and value in base64. */
  private static byte[] rangeAnswer(SortedMap<String, String> kvs) {
    Base64.Encoder b64 = Base64.getEncoder();
    StringBuilder json = new StringBuilder("{\"header\":{\"revision\":\"7\"},\"kvs\":[");
    String sep = "";
    for (Map.Entry<String, String> kv : kvs.entrySet()) {
      json.append(sep)
          .append("{\"key\":\"")
          .append(b64.encodeToString(kv.getKey().getBytes(StandardCharsets.UTF_8)))
          .append("\",\"create_revision\":\"5\",\"mod_revision\":\"5\",\"version\":\"1\",")
          .append("\"value\":\"")
          .append(b64.encodeToString(kv.getValue().getBytes(StandardCharsets.UTF_8)))
          .append("\"}");
      sep = ",";
    }
    json.append("],\"count\":\"").append(kvs.size()).append("\"}");
    byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(body.length)
            + "\r\n";
    ByteBuffer all = ByteBuffer.allocate(head.length() + body.length + 7);
    all.put(head.getBytes(StandardCharsets.US_ASCII));
    all.put(body);
    all.put("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return all.array();
  }

  /** Reads one request's head and body, answers it and closes the connection. */
  private static void answerOnce(ServerSocketChannel server, byte[] answer) {
    try (SocketChannel c = server.accept()) {
      ByteBuffer in = ByteBuffer.allocate(65536);
      String request = "";
      while (true) {
        int headEnd = request.indexOf("\r\n\r\n");
        if (headEnd >= 0 && request.length() >= headEnd + 4 + contentLength(request)) {
          break;
        }
        if (c.read(in) < 0) {
          break;
        }
        request = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
      }
      ByteBuffer out = ByteBuffer.wrap(answer);
      while (out.hasRemaining()) {
        c.write(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int contentLength(String request) {
    for (String line : request.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return 0;
  }

  /** Pods listed from the training's gateway, as {@code EtcdRuntimeStore} lists them from etcd. */
  private record Listing(EtcdClient etcd) implements ClusterRuntimeStore {
    @Override
    public Optional<String> get(String key) {
      return Optional.empty();
    }

    @Override
    public SortedMap<String, String> list(String prefix) {
      return etcd.range(prefix, true);
    }

    @Override
    public void write(List<Write> writes) {
      throw new UnsupportedOperationException("the training's listing is read-only");
    }

    @Override
    public String describe() {
      return "the training's etcd gateway";
    }
  }

  /** The records as {@link PodStore#put} writes them, kept in memory. */
  private static final class InMemory implements ClusterRuntimeStore {
    private final SortedMap<String, String> keys = new TreeMap<>();

    @Override
    public Optional<String> get(String key) {
      return Optional.ofNullable(keys.get(key));
    }

    @Override
    public SortedMap<String, String> list(String prefix) {
      return new TreeMap<>(keys.subMap(prefix, prefix + Character.MAX_VALUE));
    }

    @Override
    public void write(List<Write> writes) {
      for (Write w : writes) {
        if (w instanceof Put p) {
          keys.put(p.key(), p.value());
        } else if (w instanceof Delete d) {
          keys.remove(d.key());
        }
      }
    }

    @Override
    public String describe() {
      return "the training's records in memory";
    }
  }
}
