package dev.jkops.api.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who holds a cluster's state lock: a random id (what {@code jkops unlock cluster --lock-id}
 * takes), {@code user@host}, the process id, the command line and since when. Stored as a few
 * {@code key: value} lines, readable with {@code cat}.
 */
public record LockInfo(String id, String holder, long pid, String command, Instant since) {

  /** A lock for this process, running {@code command}. */
  public static LockInfo forThisProcess(String command, Map<String, String> env) {
    String user = env.getOrDefault("USER", System.getProperty("user.name", "unknown"));
    long pid = ProcessHandle.current().pid();
    return new LockInfo(
        newId(pid),
        user + "@" + hostName(env),
        pid,
        command,
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  /**
   * A lock id: 8 random hex digits, as the first 8 of a random UUID were. It only tells one holder
   * from another (two concurrent holders with the same id would each take the lock for its own), so
   * it needs to be unlikely to repeat, not unguessable: ThreadLocalRandom (seeded from the clocks),
   * mixed with the pid. A UUID's SecureRandom cost ~20-40 ms of security-provider initialisation in
   * every command that takes the lock (docs/benchmarks.md, issue 24).
   */
  static String newId(long pid) {
    int bits = ThreadLocalRandom.current().nextInt() ^ Long.hashCode(pid * 0x9E3779B97F4A7C15L);
    String hex = Integer.toHexString(bits);
    return "0".repeat(8 - hex.length()) + hex;
  }

  /**
   * This machine's name, as {@code InetAddress.getLocalHost().getHostName()} gives it (the kernel's
   * host name) but read from {@code /proc/sys/kernel/hostname} when there is one: getLocalHost also
   * resolves the name to an address, which a lock does not need and whose name-service set-up cost
   * ~10-30 ms of every locking command, and which fails where the name does not resolve.
   */
  static String hostName(Map<String, String> env) {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: ask Java
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return env.getOrDefault("HOSTNAME", "unknown-host");
    }
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
      return (s / 60) + "m" + twoDigits(s % 60) + "s";
    } else if (s < 86_400) {
      return (s / 3600) + "h" + twoDigits((s % 3600) / 60) + "m";
    }
    return (s / 86_400) + "d" + twoDigits((s % 86_400) / 3600) + "h";
  }

  /**
   * {@code n} (0-99) in two ASCII digits, as the rest of the age is written, whatever the locale.
   */
  private static String twoDigits(long n) {
    return n < 10 ? "0" + n : Long.toString(n);
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ');
  }
}
