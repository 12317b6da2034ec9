package dev.jkops.cloud.local;

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
 * A node's log of pod network operations at {@code <runtime>/nodes/<node>/network.log}, one line
 * each: {@code <UTC time> <EVENT> <details>}, e.g.
 * {@code 2026-11-26T10:02:03Z ADD pod=default/web-1 netns=jk-1a2b3c-p-default.web-1 ip=100.96.1.2/24}.
 * The data plane logs its own setup here too; {@code jkops logs node NAME} prints it.
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

  public Path file() {
    return file;
  }

  public synchronized void append(String event, String details) {
    String line = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS) + " " + event + " " + details + "\n";
    try {
      dev.jkops.api.SafePaths.createPrivateDirs(file.getParent());
      dev.jkops.api.SafePaths.append(file, line, dev.jkops.api.SafePaths.READABLE_FILE);
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
