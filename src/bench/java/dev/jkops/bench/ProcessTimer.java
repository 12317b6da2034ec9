package dev.jkops.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as a user would and times them: wall clock per run, round-robin so load hits all
 * alike.
 */
final class ProcessTimer {
  /** A command to time, with the environment it needs. */
  record Cmd(String label, List<String> argv, Map<String, String> env) {
    Cmd(String label, List<String> argv) {
      this(label, argv, Map.of());
    }
  }

  private ProcessTimer() {}

  /** Milliseconds of one run; fails if the command fails (a benchmark of an error is worthless). */
  static double once(Cmd c, Path workDir) {
    ProcessBuilder pb = new ProcessBuilder(c.argv()).directory(workDir.toFile());
    pb.environment().putAll(c.env());
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    File err = new File(System.getProperty("java.io.tmpdir"), "jkops-bench-stderr.txt");
    pb.redirectError(err);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    long t0 = System.nanoTime();
    try {
      Process p = pb.start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(c.label() + ": did not finish in 300 s");
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            c.label()
                + " exited "
                + p.exitValue()
                + ": "
                + java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8));
      }
      return ms;
    } catch (IOException e) {
      throw new IllegalStateException(
          c.label() + ": cannot run " + c.argv() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * {@code rounds} rounds, each running every command once in order, after one untimed warm-up
   * round.
   */
  static Map<String, Samples> roundRobin(List<Cmd> cmds, int rounds, Path workDir) {
    Map<String, List<Double>> t = new LinkedHashMap<>();
    cmds.forEach(c -> t.put(c.label(), new ArrayList<>()));
    cmds.forEach(c -> once(c, workDir)); // page cache, archives
    for (int r = 0; r < rounds; r++) {
      for (Cmd c : cmds) {
        t.get(c.label()).add(once(c, workDir));
      }
    }
    Map<String, Samples> out = new LinkedHashMap<>();
    t.forEach((k, v) -> out.put(k, new Samples(v)));
    return out;
  }

  /** Runs once and returns stdout (for class-load counting and the like). */
  static String output(List<String> argv, Map<String, String> env, Path workDir) {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile());
    pb.environment().putAll(env);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(300, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + argv + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
