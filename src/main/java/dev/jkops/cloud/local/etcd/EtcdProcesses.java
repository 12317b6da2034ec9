package dev.jkops.cloud.local.etcd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * etcd processes on this machine, recognised by their command line ({@code etcd ...
 * --data-dir=<dir>}), never by name alone: a process is this cluster's only if its data dir is.
 */
public final class EtcdProcesses {
  private static final Path PROC = Path.of("/proc");

  private EtcdProcesses() {}

  /** The etcd process whose data dir is {@code dataDir}, if it runs. */
  public static Optional<Long> find(Path dataDir) {
    return under(dataDir).stream().filter(p -> p.dataDir().equals(dataDir.toAbsolutePath().normalize()))
        .map(Running::pid).findFirst();
  }

  /** Every etcd process whose data dir is inside {@code dir} (e.g. a cluster's runtime dir). */
  public static List<Running> under(Path dir) {
    Path base = dir.toAbsolutePath().normalize();
    List<Running> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(PROC)) {
      for (Path p : s.toList()) {
        String f = p.getFileName().toString();
        if (!f.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(f);
        dataDirOf(pid).filter(d -> d.startsWith(base)).ifPresent(d -> out.add(new Running(pid, d)));
      }
    } catch (IOException e) {
      throw new EtcdException("cannot list processes in /proc: " + e.getMessage(), e);
    }
    return out;
  }

  /** A running etcd and its data dir. */
  public record Running(long pid, Path dataDir) {}

  /** The data dir of process {@code pid} if it is an etcd that is alive (not a zombie). */
  static Optional<Path> dataDirOf(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(pid + "/stat"));
      int close = stat.lastIndexOf(')');
      if (close > 0 && stat.length() > close + 2 && stat.charAt(close + 2) == 'Z') {
        return Optional.empty();
      }
      byte[] raw = Files.readAllBytes(PROC.resolve(pid + "/cmdline"));
      List<String> argv = Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
      if (argv.isEmpty() || !Path.of(argv.get(0)).getFileName().toString().equals("etcd")) {
        return Optional.empty();
      }
      for (String a : argv) {
        if (a.startsWith("--data-dir=")) {
          return Optional.of(Path.of(a.substring("--data-dir=".length())).toAbsolutePath().normalize());
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // gone, or not ours to read
    }
  }

  /** SIGTERM, then after {@code grace} SIGKILL; returns once the process is gone (bounded). */
  static void stop(long pid, Duration grace) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty()) {
      return;
    }
    h.get().destroy();
    if (!waitGone(pid, grace)) {
      h.get().destroyForcibly();
      if (!waitGone(pid, Duration.ofSeconds(5))) {
        throw new EtcdException("etcd process " + pid + " did not exit after SIGKILL");
      }
    }
  }

  private static boolean waitGone(long pid, Duration d) {
    long deadline = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < deadline) {
      if (dataDirOf(pid).isEmpty()) {
        return true;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return dataDirOf(pid).isEmpty();
  }
}
