package dev.jkops.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs jkops commands in-process with a given environment and captures what they print. Each run
 * builds the command tree as {@code jkops} does at start-up ({@code Main.commandLine(out, err, env,
 * args)}: only the verb named), so a command that needs another verb is tested as it runs for real.
 */
final class Cli {
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Map<String, String> env = new HashMap<>();

  Cli(Path home, String stateStore) {
    env.put("HOME", home.toString());
    env.put("KOPS_STATE_STORE", stateStore);
    env.put(
        "TMPDIR",
        home.toString()); // an edit file kept after a refused edit goes with the test's dir
  }

  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  Cli env(Map<String, String> more) {
    env.putAll(more);
    return this;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine(new PrintWriter(out), new PrintWriter(err), env, args).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * As {@link #run}, also printing each line of its output as it comes, with the time (for long
   * commands).
   */
  Result runEchoing(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    java.io.Writer echo =
        new java.io.Writer() {
          private final StringBuilder line = new StringBuilder();

          @Override
          public void write(char[] cbuf, int off, int len) {
            out.write(cbuf, off, len);
            for (int i = off; i < off + len; i++) {
              if (cbuf[i] == '\n') {
                System.out.println(
                    java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                        + " "
                        + line);
                line.setLength(0);
              } else {
                line.append(cbuf[i]);
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    int code =
        Main.commandLine(new PrintWriter(echo, true), new PrintWriter(err), env, args)
            .execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * Every file and directory below {@code dir} with its bytes: "did anything change?" in one
   * equals.
   */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.exists(dir)) {
      return out;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        String rel = dir.relativize(p).toString();
        out.put(
            rel,
            Files.isDirectory(p)
                ? "<dir>"
                : java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
      }
    }
    return out;
  }
}
