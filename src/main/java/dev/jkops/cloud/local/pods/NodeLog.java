package dev.jkops.cloud.local.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
      Files.createDirectories(log.getParent());
      synchronized (NodeLog.class) {
        Files.writeString(log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to node log " + log, e);
    }
  }
}
