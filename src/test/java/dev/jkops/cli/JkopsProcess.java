package dev.jkops.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs jkops as its own process (the test JVM's classpath, main class dev.jkops.cli.Main), so it
 * can be killed for real: {@code JKOPS_FAULT_HALT_AFTER_COMMANDS=N} makes it halt with 137 right
 * after its N-th kernel command, exactly as SIGKILL would (no finally blocks, no shutdown hooks,
 * the lock left in the store).
 */
final class JkopsProcess {
  static final int KILLED = 137;

  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Map<String, String> env;
  private final Path logs;

  JkopsProcess(Map<String, String> env, Path logs) {
    this.env = Map.copyOf(env);
    this.logs = logs;
  }

  Result run(Long haltAfterCommands, String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.jkops.cli.Main"));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().putAll(env);
    pb.environment().remove("JKOPS_FAULT_HALT_AFTER_COMMANDS");
    if (haltAfterCommands != null) {
      pb.environment().put("JKOPS_FAULT_HALT_AFTER_COMMANDS", String.valueOf(haltAfterCommands));
    }
    try {
      Files.createDirectories(logs);
      Path out = Files.createTempFile(logs, "out", ".txt");
      Path err = Files.createTempFile(logs, "err", ".txt");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(
            "jkops " + String.join(" ", args) + " did not finish in 5 minutes");
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
