package dev.jkops.cloud.local.kernel;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a long-lived process (an etcd member, the API server) in a session of its own that is not
 * this JVM's child, and returns its handle.
 *
 * <p>Why not a plain {@link ProcessBuilder} child: the JDK waits for each child on a "process
 * reaper" thread blocked in {@code waitpid}, native code, and on exit HotSpot waits up to 300 ms
 * (30 polls of 10 ms) for threads in native code to stop. Every command that started etcd or the
 * API server paid that at its very end (measured: a JVM that started {@code setsid sleep} exited
 * ~330 ms later than one that did not, ~20 ms later with {@code setsid --fork}). Here a shell
 * starts the command in the background under {@code setsid}, prints its pid and exits at once, so
 * nothing is left to reap; the command keeps that pid in a session of its own.
 */
public final class DetachedProcess {
  private DetachedProcess() {}

  /**
   * Runs {@code command} in {@code dir} with stdin from /dev/null and stdout and stderr appended to
   * {@code log} (which the caller has made, so that no link is followed) and {@code env} added to
   * this process' environment; returns the command's process once it has been exec'd or is about to
   * be (the pid is its own from the start).
   */
  public static Detached start(List<String> command, Path dir, Path log, Map<String, String> env)
      throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add("sh");
    argv.add("-c");
    // $0 is the log; "$@" the command. The shell starts setsid in the background and prints its
    // pid before it exits, so the line is in the pipe before the JDK drains it on the shell's
    // exit. setsid, not a process group leader there (no job control), execs the command in a
    // session of its own under that same pid.
    argv.add("setsid \"$@\" </dev/null >>\"$0\" 2>&1 & echo $!");
    argv.add(log.toAbsolutePath().toString());
    argv.addAll(command);
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    Process wrapper = pb.start();
    String line;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(wrapper.getInputStream(), StandardCharsets.US_ASCII))) {
      line = r.readLine();
    }
    long pid;
    try {
      pid = Long.parseLong(line == null ? "" : line.trim());
    } catch (NumberFormatException e) {
      throw new IOException(
          "could not start "
              + command.get(0)
              + " (its launching shell printed no pid; see "
              + log
              + ")",
          e);
    }
    return new Detached(pid, ProcessHandle.of(pid));
  }

  /**
   * A process started detached: its pid, and its handle (absent when it had already exited), which
   * tells a later process that reuses the pid from it by its start time.
   */
  public record Detached(long pid, java.util.Optional<ProcessHandle> handle) {
    /**
     * Whether it still runs. Not this JVM's child, it is reaped by whoever is pid 1, which in a
     * container may never reap: a zombie has exited as far as its callers are concerned.
     */
    public boolean isAlive() {
      if (handle.isEmpty() || !handle.get().isAlive()) {
        return false;
      }
      try {
        String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // the state follows the command name, which is in parentheses and may hold spaces
        String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        return !state.equals("Z") && !state.equals("X");
      } catch (IOException | IndexOutOfBoundsException e) {
        return false;
      }
    }
  }
}
