package dev.jkops.cloud.local.runtime;

import dev.jkops.cloud.local.kernel.KernelException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A node's log of pod network operations at {@code <runtime>/nodes/<node>/network.log}, which
 * {@code jkops logs node NAME} prints. One line each, {@code <UTC time> <EVENT> <details>}:
 *
 * <ul>
 *   <li>{@code 2026-11-26T09:40:01Z ADD default/web netns=jk-1a2b3c4d5e6f-p-default.web
 *       eth0=100.96.1.2/24 via cni:kubenet container=<id>}
 *   <li>{@code ... DEL default/web netns=... eth0=100.96.1.2 container=<id>
 *       [killed=PID:COMMAND,...]}
 *   <li>{@code ... RECLAIM default/web netns=... container=<id> (left by an interrupted create)}
 *   <li>{@code ... WARN CNI DEL for default/web: [...]}
 *   <li>{@code ... DRAIN ...} and {@code ... REPLACED instance <name> ...} from a rolling update,
 *       which keeps the log across the node's replacement.
 * </ul>
 *
 * Lines are appended whole (one write, under one lock for the process), 0644 in a 0700 tree.
 */
public final class NodeLog {
  private final Path file;
  private final Clock clock;

  public NodeLog(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  public static NodeLog of(ClusterNames names, String instance) {
    return new NodeLog(names.nodeLog(instance), Clock.systemUTC());
  }

  /** Appends one line to the log at {@code log} (a node's {@link ClusterNames#nodeLog}). */
  public static void append(Path log, String event, String details) {
    new NodeLog(log, Clock.systemUTC()).append(event, details);
  }

  public Path file() {
    return file;
  }

  public void append(String event, String details) {
    String line =
        Instant.now(clock).truncatedTo(ChronoUnit.SECONDS) + " " + event + " " + details + "\n";
    try {
      dev.jkops.api.SafePaths.createPrivateDirs(file.getParent());
      // pods of different nodes are made in parallel; one lock keeps every line whole
      synchronized (NodeLog.class) {
        dev.jkops.api.SafePaths.append(file, line, dev.jkops.api.SafePaths.READABLE_FILE);
      }
    } catch (IOException e) {
      throw new KernelException("could not write node log " + file + ": " + e.getMessage(), e);
    }
  }

  /** The log's lines, oldest first; empty when nothing was logged yet. */
  public List<String> lines() {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new KernelException("could not read node log " + file + ": " + e.getMessage(), e);
    }
  }
}
