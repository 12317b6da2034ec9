package dev.jkops.cloud.local.etcd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * etcd processes on this machine, recognised by their command line ({@code etcd ...
 * --data-dir=<dir>}), never by name alone: a process is this cluster's only if its data dir is.
 */
public final class EtcdProcesses {
  private static final Path PROC = Path.of("/proc");

  private EtcdProcesses() {}

  /** The etcd process whose data dir is {@code dataDir}, if it runs. */
  public static Optional<Long> find(Path dataDir) {
    return under(dataDir).stream()
        .filter(p -> p.dataDir().equals(dataDir.toAbsolutePath().normalize()))
        .map(Running::pid)
        .findFirst();
  }

  /** Every etcd process whose data dir is inside {@code dir} (e.g. a cluster's runtime dir). */
  public static List<Running> under(Path dir) {
    Path base = dir.toAbsolutePath().normalize();
    List<Running> out = new ArrayList<>();
    try {
      for (long pid : dev.jkops.cloud.local.kernel.ProcFs.pids()) {
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
    Optional<String[]> stat = stat(pid);
    if (stat.isEmpty() || stat.get()[STATE].equals("Z")) {
      return Optional.empty();
    }
    List<String> argv = dev.jkops.cloud.local.kernel.ProcFs.argv(pid);
    try {
      if (argv.isEmpty() || !Path.of(argv.get(0)).getFileName().toString().equals("etcd")) {
        return Optional.empty();
      }
      for (String a : argv) {
        if (a.startsWith("--data-dir=")) {
          return Optional.of(
              Path.of(a.substring("--data-dir=".length())).toAbsolutePath().normalize());
        }
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty(); // an argument that is no path: not an etcd jkops started
    }
  }

  /** SIGTERM, then after {@code grace} SIGKILL; returns once the process has exited (bounded). */
  static void stop(long pid, Duration grace) {
    stopAll(List.of(pid), grace);
  }

  /** How long a process may take to exit after SIGKILL before jkops gives up on it. */
  static final Duration AFTER_KILL = Duration.ofSeconds(10);

  /**
   * Sends SIGTERM to every process at once, SIGKILL to those still there after {@code grace}, and
   * returns only when every one has exited: gone, or a zombie none of whose threads runs (it holds
   * no file, socket or namespace any more and waits only for its parent to reap it). A process's
   * command line reads empty as soon as it starts exiting, while its other threads still close its
   * files and its namespaces, so the command line alone said "gone" too early. Throws, naming the
   * processes, when some are still there {@link #AFTER_KILL} after SIGKILL.
   */
  static void stopAll(List<Long> pids, Duration grace) {
    java.util.Map<Long, Long> started = new java.util.LinkedHashMap<>();
    for (long pid : pids) {
      startTime(pid).ifPresent(t -> started.put(pid, t));
    }
    started.keySet().forEach(pid -> signal(pid, false));
    if (!awaitExited(started, grace)) {
      started.keySet().forEach(pid -> signal(pid, true));
      if (!awaitExited(started, AFTER_KILL)) {
        throw new EtcdException(
            "etcd process"
                + (started.size() == 1 ? " " : "es ")
                + started.keySet()
                + " did not exit within "
                + (grace.toSeconds() + AFTER_KILL.toSeconds())
                + "s of SIGTERM and SIGKILL"
                + " (see 'cat /proc/PID/stack'); stop "
                + (started.size() == 1 ? "it" : "them")
                + " and rerun the command");
      }
    }
  }

  private static void signal(long pid, boolean kill) {
    ProcessHandle.of(pid)
        .ifPresent(
            h -> {
              if (kill) {
                h.destroyForcibly();
              } else {
                h.destroy();
              }
            });
  }

  /**
   * Waits until every process in {@code started} (pid -> start time) has exited; removes those that
   * have.
   */
  private static boolean awaitExited(java.util.Map<Long, Long> started, Duration d) {
    long deadline = System.nanoTime() + d.toNanos();
    while (true) {
      started.entrySet().removeIf(e -> exited(e.getKey(), e.getValue()));
      if (started.isEmpty()) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /**
   * Whether process {@code pid}, started at {@code startTime} (clock ticks after boot, from {@code
   * /proc/PID/stat}), has exited: no such process, another process under a reused pid, or a zombie
   * with no thread left but its leader.
   */
  public static boolean exited(long pid, long startTime) {
    Optional<String[]> stat = stat(pid);
    if (stat.isEmpty() || Long.parseLong(stat.get()[START_TIME]) != startTime) {
      return true;
    }
    String state = stat.get()[STATE];
    if (!state.equals("Z") && !state.equals("X")) {
      return false;
    }
    String[] tasks = PROC.resolve(pid + "/task").toFile().list();
    return tasks == null || tasks.length <= 1;
  }

  /**
   * The process's start time (clock ticks after boot), if it exists: with the pid, it names one
   * process for good.
   */
  public static Optional<Long> startTime(long pid) {
    return stat(pid).map(f -> Long.parseLong(f[START_TIME]));
  }

  /** Fields of {@code /proc/PID/stat} after the command name: [0] is the state (field 3). */
  private static final int STATE = 0;

  private static final int START_TIME = 19; // field 22

  private static Optional<String[]> stat(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(pid + "/stat"));
      int close = stat.lastIndexOf(')');
      String[] f = stat.substring(close + 2).trim().split(" ");
      return f.length > START_TIME ? Optional.of(f) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // gone
    }
  }
}
