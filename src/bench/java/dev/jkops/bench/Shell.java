package dev.jkops.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion and returns what it printed; the benchmarks' one way to call tools.
 */
final class Shell {
  record Out(int code, String stdout, String stderr, double ms) {
    Out check(String what) {
      if (code != 0) {
        throw new IllegalStateException(
            what + " exited " + code + ": " + stderr.strip() + " " + stdout.strip());
      }
      return this;
    }
  }

  private Shell() {}

  static Out run(List<String> argv, Map<String, String> env, Path dir, int timeoutSeconds) {
    ProcessBuilder pb = new ProcessBuilder(argv);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      File out = File.createTempFile("jkops-bench", ".out");
      File err = File.createTempFile("jkops-bench", ".err");
      pb.redirectOutput(out);
      pb.redirectError(err);
      long t0 = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException(
            String.join(" ", argv) + ": did not finish in " + timeoutSeconds + " s");
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      String o = java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8);
      String e = java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8);
      out.delete();
      err.delete();
      return new Out(p.exitValue(), o, e, ms);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + argv + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static Out run(String... argv) {
    return run(List.of(argv), Map.of(), null, 120);
  }

  static List<String> list(String... a) {
    return new ArrayList<>(List.of(a));
  }

  static boolean isRoot() {
    return "0".equals(run("id", "-u").stdout().strip());
  }

  /** Deletes namespaces by exact name (only jk- ones); a missing one is not an error. */
  static void deleteNamespaces(List<String> names) {
    for (String n : names) {
      if (!n.startsWith("jk-")) {
        throw new IllegalArgumentException(
            "refusing to delete namespace " + n + ": not a jkops (jk-) namespace");
      }
      if (new File("/run/netns/" + n).exists()) {
        run("ip", "netns", "delete", n);
      }
    }
  }
}
