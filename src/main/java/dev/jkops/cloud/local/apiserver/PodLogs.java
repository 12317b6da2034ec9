package dev.jkops.cloud.local.apiserver;

import com.sun.net.httpserver.HttpExchange;
import dev.jkops.cloud.local.pods.NodeSite;
import dev.jkops.cloud.local.pods.Pod;
import dev.jkops.cloud.local.pods.PodException;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.runtime.NodeLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET .../pods/NAME/log}, what {@code kubectl logs} reads. A pod here runs no container, so
 * its log is what happened to its network: the lines of its node's network log ({@link NodeLog},
 * which {@code jkops logs node} prints) that name the pod, its CNI ADD with the address and
 * attachment it got, a CNI DEL warning, the reclaim of an interrupted create. {@code tailLines}
 * keeps the last lines; {@code follow} keeps the answer open and passes on new lines until the pod
 * goes or the client leaves. An unknown pod is 404 NotFound, as on any cluster.
 */
final class PodLogs {
  private static final Duration FOLLOW_POLL = Duration.ofMillis(500);
  private static final Duration FOLLOW_MAX = Duration.ofHours(1);

  private PodLogs() {}

  static void send(
      HttpExchange ex, ClusterObjects objects, String namespace, String name, Map<String, String> q)
      throws IOException {
    ResourceType pods =
        objects.type("", "v1", "pods").orElseThrow(() -> new IllegalStateException("no pods"));
    if (objects.get(pods, namespace, name).isEmpty()) {
      throw ApiError.notFound(pods, name);
    }
    PodManager manager = objects.podManager();
    List<String> lines = lines(manager, namespace, name);
    String tail = q.get("tailLines");
    if (tail != null) {
      int n;
      try {
        n = Integer.parseInt(tail);
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("tailLines: not a number: " + tail);
      }
      lines = lines.subList(Math.max(0, lines.size() - Math.max(0, n)), lines.size());
    }
    ex.getResponseHeaders().set("Content-Type", "text/plain");
    boolean follow = "true".equals(q.get("follow")) || "1".equals(q.get("follow"));
    if (!follow) {
      byte[] body = join(lines);
      ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
      return;
    }
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    out.write(join(lines));
    out.flush();
    int seen = lines(manager, namespace, name).size();
    long end = System.nanoTime() + FOLLOW_MAX.toNanos();
    while (System.nanoTime() < end) {
      try {
        Thread.sleep(FOLLOW_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (objects.get(pods, namespace, name).isEmpty()) {
        return;
      }
      List<String> now = lines(manager, namespace, name);
      if (now.size() > seen) {
        out.write(join(now.subList(seen, now.size())));
        out.flush(); // an IOException here: the client left
        seen = now.size();
      }
    }
  }

  /** The lines of the pod's node's network log that are about this pod, oldest first. */
  static List<String> lines(PodManager manager, String namespace, String name) {
    Pod pod;
    try {
      pod = manager.get(namespace, name);
    } catch (PodException notYetMade) {
      return List.of(); // in etcd, its network not made yet: nothing has happened to it
    }
    Optional<NodeSite> node = manager.cluster().node(pod.node());
    if (node.isEmpty()) {
      return List.of();
    }
    return about(
        new NodeLog(node.get().log(), java.time.Clock.systemUTC()).lines(), namespace + "/" + name);
  }

  /**
   * Of a node log's lines ({@code TIME EVENT DETAILS}), those whose details begin with the pod's
   * {@code namespace/name}, or name it as {@code for namespace/name:} (a WARN).
   */
  static List<String> about(List<String> nodeLog, String qualifiedName) {
    return nodeLog.stream()
        .filter(
            l -> {
              String[] f = l.split(" ", 4);
              return f.length >= 3
                  && (f[2].equals(qualifiedName)
                      || (f.length == 4
                          && f[2].equals("CNI")
                          && f[3].startsWith("DEL for " + qualifiedName + ":")));
            })
        .toList();
  }

  private static byte[] join(List<String> lines) {
    StringBuilder b = new StringBuilder();
    lines.forEach(l -> b.append(l).append('\n'));
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
