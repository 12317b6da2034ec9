package dev.jkops.api.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Who holds a cluster's state lock: a random id (what {@code jkops unlock cluster --lock-id}
 * takes), {@code user@host}, the process id, the command line and since when. Stored as a few
 * {@code key: value} lines, readable with {@code cat}.
 */
public record LockInfo(String id, String holder, long pid, String command, Instant since) {

  /** A lock for this process, running {@code command}. */
  public static LockInfo forThisProcess(String command, Map<String, String> env) {
    String user = env.getOrDefault("USER", System.getProperty("user.name", "unknown"));
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = env.getOrDefault("HOSTNAME", "unknown-host");
    }
    return new LockInfo(
        UUID.randomUUID().toString().substring(0, 8),
        user + "@" + host,
        ProcessHandle.current().pid(),
        command,
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  public String host() {
    int at = holder.indexOf('@');
    return at < 0 ? holder : holder.substring(at + 1);
  }

  byte[] toBytes() {
    return ("id: "
            + id
            + "\nholder: "
            + holder
            + "\npid: "
            + pid
            + "\ncommand: "
            + oneLine(command)
            + "\nsince: "
            + since
            + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a lock file; a damaged one still yields a lock (id "unknown") so it is never ignored.
   */
  static LockInfo parse(byte[] bytes) {
    Map<String, String> f = new LinkedHashMap<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        f.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    long pid;
    try {
      pid = Long.parseLong(f.getOrDefault("pid", "-1"));
    } catch (NumberFormatException e) {
      pid = -1;
    }
    Instant since;
    try {
      since = Instant.parse(f.getOrDefault("since", ""));
    } catch (DateTimeParseException e) {
      since = Instant.EPOCH;
    }
    return new LockInfo(
        f.getOrDefault("id", "unknown"),
        f.getOrDefault("holder", "unknown"),
        pid,
        f.getOrDefault("command", "unknown"),
        since);
  }

  /**
   * "root@box (pid 123, 'jkops update cluster c --yes') since 2026-11-26T12:01:02Z (4m10s ago)".
   */
  public String describe() {
    return holder
        + " (pid "
        + pid
        + ", '"
        + command
        + "') since "
        + since
        + " ("
        + age(Instant.now())
        + " ago)";
  }

  /** How long the lock has been held at {@code now}, as "42s", "4m10s", "3h05m" or "2d04h". */
  public String age(Instant now) {
    long s = Math.max(0, java.time.Duration.between(since, now).toSeconds());
    if (s < 60) {
      return s + "s";
    } else if (s < 3600) {
      return (s / 60) + "m" + String.format("%02ds", s % 60);
    } else if (s < 86_400) {
      return (s / 3600) + "h" + String.format("%02dm", (s % 3600) / 60);
    }
    return (s / 86_400) + "d" + String.format("%02dh", (s % 86_400) / 3600);
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ');
  }
}
