package dev.jkops.cloud.local.kernel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Records every command a runner runs, one JSON object per line: start (ms since the trace began),
 * duration, exit code, argv, extra environment and stdin. Set {@code JKOPS_COMMAND_TRACE=<file>} to
 * see what a jkops command did to the kernel and how long each step took; the benchmarks use it to
 * time the local cloud and to replay the same kernel operations as their baseline.
 *
 * <p>The lines are written with jackson-core's streaming generator, not a databind {@code
 * ObjectMapper}: the JVM's first mapper costs ~60 ms of class initialisation (its default date
 * format loads the JDK's locale data), and building one here put that cost wherever tracing began,
 * which made a traced {@code update cluster} look ~60 ms slower before planning than it is; and
 * {@link #phase} with tracing off built it too, just to return (docs/benchmarks.md, issue 24).
 */
public final class CommandTrace implements CommandRunner {
  public static final String ENV = "JKOPS_COMMAND_TRACE";

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
    append(commandLine((t0 - origin) / 1e6, (t1 - t0) / 1e6, r.exitCode(), command));
    return r;
  }

  /** One command's line: {@code {"startMs", "ms", "exit", "thread", "argv", "env"[, "stdin"]}}. */
  static String commandLine(double startMs, double ms, int exit, Command command) {
    return line(
        g -> {
          g.writeNumberField("startMs", startMs);
          g.writeNumberField("ms", ms);
          g.writeNumberField("exit", exit);
          g.writeStringField("thread", Thread.currentThread().getName());
          g.writeArrayFieldStart("argv");
          for (String arg : command.argv()) {
            g.writeString(arg);
          }
          g.writeEndArray();
          g.writeObjectFieldStart("env");
          for (Map.Entry<String, String> e : command.env().entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
          if (command.stdin() != null) {
            g.writeStringField("stdin", command.stdin());
          }
        });
  }

  /** A phase mark's line: {@code {"phase", "epochMs", "thread"}}. */
  static String phaseLine(String name, long epochMs) {
    return line(
        g -> {
          g.writeStringField("phase", name);
          g.writeNumberField("epochMs", epochMs);
          g.writeStringField("thread", Thread.currentThread().getName());
        });
  }

  /** What one line holds, written between its object's braces. */
  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  /** One JSON object and a newline. */
  private static String line(Fields fields) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = Lines.JSON.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out + "\n";
  }

  /**
   * The generator factory, in its own class so that {@link #phase} with tracing off loads no
   * Jackson class at all.
   */
  private static final class Lines {
    static final JsonFactory JSON = new JsonFactory();
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
    String line = phaseLine(name, System.currentTimeMillis());
    synchronized (CommandTrace.class) {
      try {
        dev.jkops.api.SafePaths.append(Path.of(trace), line, dev.jkops.api.SafePaths.PRIVATE_FILE);
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
