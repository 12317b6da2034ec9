package dev.jkops.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a jkops command's time goes in its cold JVM: it runs the command with {@code -Djkops.steps}
 * (dev.jkops.api.StepMarks), whose marks carry System.nanoTime(), the same CLOCK_MONOTONIC as this
 * process's on Linux, so the step before the first mark (the launcher, the JVM's start and picocli)
 * and the one after the last (the JVM's exit) are timed too. Each step is named after the mark that
 * ends it and lasts from the mark before.
 */
final class StepBreakdown {
  /** The step from the process's start to the first mark. */
  static final String START = "jvm-start-and-cli";

  /** The step from the last mark to the process's exit. */
  static final String EXIT = "jvm-exit";

  private final Map<String, List<Double>> steps = new LinkedHashMap<>();

  /** Runs the command once and adds its steps' milliseconds; fails if it fails. */
  void run(List<String> argv, Map<String, String> env, Path dir) {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
    pb.environment().putAll(env);
    String opts = env.getOrDefault("JKOPS_JAVA_OPTS", "");
    pb.environment().put("JKOPS_JAVA_OPTS", (opts + " -Djkops.steps").strip());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      File err = File.createTempFile("jkops-bench-steps", ".err");
      pb.redirectError(err);
      long start = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", argv) + ": did not finish in 300 s");
      }
      long end = System.nanoTime();
      String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
      Files.delete(err.toPath());
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", argv) + " exited " + p.exitValue() + ": " + stderr.strip());
      }
      if (!stderr.contains("jkops-step ")) {
        throw new IllegalStateException(
            String.join(" ", argv) + " printed no step marks; is -Djkops.steps passed on?");
      }
      add(stderr.lines().toList(), start, end, START, EXIT);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + argv + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Adds the steps of one run from the mark lines ({@code jkops-step NAME NANOS}, other lines
   * skipped) of a process, started at {@code start} and ended at {@code end} by this process's
   * clock: the step up to the first mark is named {@code first}, the one after the last {@code
   * last}. A process that serves many requests (the API server) prints marks to its log: {@code
   * lines} are then the marks of one request, picked by their times.
   */
  void add(List<String> lines, long start, long end, String first, String last) {
    long previous = start;
    Map<String, Double> once = new LinkedHashMap<>();
    for (String line : lines) {
      String[] f = line.split(" ");
      if (f.length != 3 || !f[0].equals("jkops-step")) {
        continue;
      }
      long at = Long.parseLong(f[2]);
      once.merge(once.isEmpty() ? first : f[1], (at - previous) / 1e6, Double::sum);
      previous = at;
    }
    if (once.isEmpty()) {
      throw new IllegalStateException("no step marks between the run's start and end");
    }
    once.put(last, (end - previous) / 1e6);
    once.forEach((k, v) -> steps.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    steps.computeIfAbsent("total", x -> new ArrayList<>()).add((end - start) / 1e6);
  }

  /** One row per step, in the order they ran: median and range of its milliseconds. */
  MarkdownTable table(String title) {
    MarkdownTable t = new MarkdownTable(title, "median (ms)", "range (ms)");
    steps.forEach(
        (name, ms) -> {
          Samples s = new Samples(ms);
          t.row(
              "`" + name + "`",
              MarkdownTable.num(s.median(), 1),
              MarkdownTable.num(s.min(), 1) + "-" + MarkdownTable.num(s.max(), 1));
        });
    return t;
  }

  Map<String, Samples> samples(String prefix) {
    Map<String, Samples> out = new LinkedHashMap<>();
    steps.forEach((k, v) -> out.put(prefix + k + " (ms)", new Samples(v)));
    return out;
  }
}
