package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ErrorReporterTest {
  @picocli.CommandLine.Command(name = "boom")
  static final class Boom implements Runnable {
    @Override
    public void run() {
      throw new NullPointerException("x was null");
    }
  }

  private String run(Map<String, String> env, int[] code) {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Boom());
    cl.setErr(new PrintWriter(err));
    cl.setExecutionExceptionHandler(new ErrorReporter(env));
    code[0] = cl.execute();
    return err.toString();
  }

  @Test
  void aBugIsReportedAsOneParagraphWithoutAStackTrace() {
    int[] code = new int[1];
    String err = run(Map.of(), code);
    assertThat(code[0]).isEqualTo(1);
    assertThat(err)
        .startsWith("Error: internal error in jkops: NullPointerException: x was null")
        .contains("JKOPS_DEBUG=1")
        .doesNotContain("\tat ");
  }

  @Test
  void jkopsDebugShowsTheStackTrace() {
    int[] code = new int[1];
    String err = run(Map.of("JKOPS_DEBUG", "1"), code);
    assertThat(code[0]).isEqualTo(1);
    assertThat(err).contains("\tat ").contains("ErrorReporterTest$Boom.run");
  }

  @Test
  void usageErrorsExitWithTwo() {
    Cli.Result r =
        new Cli(java.nio.file.Path.of("/nonexistent-home"), "file:///nonexistent")
            .run("get", "clusters", "--bogus");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--bogus'").doesNotContain("\tat ");
  }
}
