package dev.jkops.cloud.local.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Records every command a runner runs, one JSON object per line: start (ms since the trace began),
 * duration, exit code, argv, extra environment and stdin. Set {@code JKOPS_COMMAND_TRACE=<file>} to
 * see what a jkops command did to the kernel and how long each step took; the benchmarks use it to
 * time the local cloud and to replay the same kernel operations as their baseline.
 */
public final class CommandTrace implements CommandRunner {
  public static final String ENV = "JKOPS_COMMAND_TRACE";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CommandRunner inner;
  private final Path file;
  private final long origin = System.nanoTime();

  public CommandTrace(CommandRunner inner, Path file) {
    this.inner = inner;
    this.file = file;
  }

  @Override
  public CommandResult run(Command command) {
    long t0 = System.nanoTime();
    CommandResult r = inner.run(command);
    long t1 = System.nanoTime();
    ObjectNode line = JSON.createObjectNode();
    line.put("startMs", (t0 - origin) / 1e6);
    line.put("ms", (t1 - t0) / 1e6);
    line.put("exit", r.exitCode());
    line.put("thread", Thread.currentThread().getName());
    command.argv().forEach(line.putArray("argv")::add);
    ObjectNode env = line.putObject("env");
    command.env().forEach(env::put);
    if (command.stdin() != null) {
      line.put("stdin", command.stdin());
    }
    append(line.toString() + "\n");
    return r;
  }

  /**
   * Notes that a command reached a phase ({@code {"phase": ..., "epochMs": ...}}), when {@code
   * JKOPS_COMMAND_TRACE} is set: the benchmark reads where the time between the kernel commands
   * goes (the JVM's start, planning, the control plane) from these lines. Does nothing otherwise.
   */
  public static void phase(String name) {
    String trace = System.getenv(ENV);
    if (trace == null || trace.isBlank()) {
      return;
    }
    ObjectNode line = JSON.createObjectNode();
    line.put("phase", name);
    line.put("epochMs", System.currentTimeMillis());
    line.put("thread", Thread.currentThread().getName());
    synchronized (CommandTrace.class) {
      try {
        dev.jkops.api.SafePaths.append(
            Path.of(trace), line.toString() + "\n", dev.jkops.api.SafePaths.PRIVATE_FILE);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "could not write the command trace " + trace + " (" + ENV + "): " + e.getMessage(), e);
      }
    }
  }

  private void append(String text) {
    synchronized (CommandTrace.class) {
      appendLocked(text);
    }
  }

  private void appendLocked(String text) {
    try {
      // never through a link; 0600: the trace holds every command's input
      dev.jkops.api.SafePaths.append(file, text, dev.jkops.api.SafePaths.PRIVATE_FILE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not write the command trace " + file + " (" + ENV + "): " + e.getMessage(), e);
    }
  }
}
