package dev.jkops.cloud.local.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Appends one line per pod network operation to a node's log ({@code jkops logs node NAME}), e.g.
 * {@code 2026-11-26T09:40:01Z ADD default/web netns=jk-1a2b3c-p-default.web eth0=100.96.1.2/24 via cni:kubenet}.
 */
public final class NodeLog {
  private NodeLog() {}

  public static void append(Path log, String operation, String detail) {
    String line = Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + operation + " " + detail + "\n";
    try {
      dev.jkops.api.SafePaths.createPrivateDirs(log.getParent());
      synchronized (NodeLog.class) {
        dev.jkops.api.SafePaths.append(log, line, dev.jkops.api.SafePaths.READABLE_FILE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to node log " + log, e);
    }
  }
}
