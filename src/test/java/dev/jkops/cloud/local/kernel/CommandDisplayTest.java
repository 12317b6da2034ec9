package dev.jkops.cloud.local.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a command reads in an error message. */
class CommandDisplayTest {

  @Test
  void showsTheCommandLineAsTypedWithSpacesQuoted() {
    Command c =
        Command.of("read", List.of("ip", "-n", "jk-abc-x", "route", "show", "table", "main"))
            .withEnv(Map.of("CNI_COMMAND", "ADD"));
    assertThat(c.display()).isEqualTo("CNI_COMMAND=ADD ip -n jk-abc-x route show table main");
    assertThat(Command.of("x", List.of("sh", "-c", "echo hi")).display())
        .isEqualTo("sh -c 'echo hi'");
  }

  @Test
  void aProgramGivenWholeShowsItsFirstLineAndLengthNotItsText() {
    String program = "# a probe program\nuse strict;\n" + "print 1;\n".repeat(500);
    Command c =
        Command.of("probe", List.of("ip", "netns", "exec", "jk-abc-x", "perl", "-e", program, "2"));
    assertThat(c.display())
        .isEqualTo(
            "ip netns exec jk-abc-x perl -e '# a probe program...' ("
                + program.length()
                + " characters) 2")
        .doesNotContain("print 1;");
  }
}
