package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate's {@code --wait} and rolling-update's intervals and timeout read durations the same way,
 * as kops does (Go's syntax): {@code 300ms} is a duration for both, and a bad one is an error
 * naming the flag.
 */
class DurationFlagsTest {
  @TempDir Path dir;

  private Cli cli() {
    return new Cli(dir, "file://" + dir.resolve("state"));
  }

  @Test
  void bothCommandsTakeGoDurations() {
    Cli cli = cli();
    for (String d : new String[] {"300ms", "10s", "5m", "1h", "1m30s"}) {
      // the duration is read first; the missing cluster is what stops the command
      Cli.Result validate = cli.run("validate", "cluster", "nosuch.local", "--wait", d);
      assertThat(validate.code()).as(validate.toString()).isEqualTo(1);
      assertThat(validate.err())
          .as(validate.toString())
          .doesNotContain("duration")
          .contains("nosuch.local");
      Cli.Result roll =
          cli.run(
              "rolling-update",
              "cluster",
              "nosuch.local",
              "--master-interval",
              d,
              "--node-interval",
              d,
              "--validation-timeout",
              d);
      assertThat(roll.code()).as(roll.toString()).isEqualTo(1);
      assertThat(roll.err())
          .as(roll.toString())
          .doesNotContain("duration")
          .contains("nosuch.local");
    }
  }

  @Test
  void aBadDurationNamesItsFlag() {
    Cli cli = cli();
    Cli.Result validate = cli.run("validate", "cluster", "nosuch.local", "--wait", "soon");
    assertThat(validate.code()).as(validate.toString()).isEqualTo(1);
    assertThat(validate.err())
        .isEqualTo(
            "Error: --wait soon is not a duration; write e.g. 300ms, 10s, 5m, 1h or 1m30s"
                + System.lineSeparator());
    for (String flag :
        new String[] {"--master-interval", "--node-interval", "--validation-timeout"}) {
      Cli.Result roll = cli.run("rolling-update", "cluster", "nosuch.local", flag, "15");
      assertThat(roll.code()).as(roll.toString()).isEqualTo(1);
      assertThat(roll.err())
          .as(roll.toString())
          .isEqualTo(
              "Error: "
                  + flag
                  + " 15 is not a duration; write e.g. 300ms,"
                  + " 10s, 5m, 1h or 1m30s (a number needs a unit)"
                  + System.lineSeparator());
    }
    Cli.Result negative =
        cli.run("rolling-update", "cluster", "nosuch.local", "--node-interval", "-5s");
    assertThat(negative.err())
        .as(negative.toString())
        .contains("--node-interval -5s is negative; give 0s or more");
  }

  /**
   * JKOPS_LOCK_TIMEOUT also takes a bare number of seconds, as before; any other value is a Go
   * duration.
   */
  @Test
  void theLockTimeoutTakesSecondsOrAGoDuration() {
    Cli cli = cli();
    int n = 0;
    for (String t : new String[] {"0", "30", "1m30s", "500ms", "2M"}) {
      // create cluster takes the cluster's lock, so it reads the timeout
      Cli.Result r =
          cli.env("JKOPS_LOCK_TIMEOUT", t)
              .run("create", "cluster", "lock" + n++ + ".local", "--zones", "zone-a");
      assertThat(r.code()).as(t + "\n" + r).isZero();
    }
    for (String t : new String[] {"soon", "-5", "-5s", "1d"}) {
      Cli.Result r =
          cli.env("JKOPS_LOCK_TIMEOUT", t)
              .run("create", "cluster", "lock.local", "--zones", "zone-a");
      assertThat(r.code()).as(t + "\n" + r).isEqualTo(1);
      assertThat(r.err())
          .as(t + "\n" + r)
          .isEqualTo(
              "Error: JKOPS_LOCK_TIMEOUT=\""
                  + t
                  + "\" is not a duration; use"
                  + " seconds (30), or 30s, 2m, 500ms"
                  + System.lineSeparator());
    }
    assertThat(cli.env("JKOPS_LOCK_TIMEOUT", "0").run("get", "clusters", "lock.local").code())
        .isEqualTo(1);
  }
}
