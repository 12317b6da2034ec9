package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files given with -f are checked before they are read: {@code apply -f /dev/zero} ended in an
 * OutOfMemoryError, and one long YAML scalar took the parser minutes (quadratic) while the cluster
 * lock was held. Each is now a clear error, at once, with nothing written.
 */
class InputLimitsTest {
  @TempDir Path dir;

  Cli cli() {
    return new Cli(dir, "file://" + dir.resolve("state"));
  }

  @Test
  void aDeviceIsRefusedByEveryDashF() {
    for (String[] args :
        new String[][] {
          {"create", "-f", "/dev/zero"},
          {"replace", "-f", "/dev/zero"},
          {"apply", "-f", "/dev/zero", "--name", "a.example.com"},
          {"delete", "-f", "/dev/zero", "--name", "a.example.com"}
        }) {
      Cli.Result r = cli().run(args);
      assertThat(r.code()).as(r.toString()).isNotZero();
      assertThat(r.err())
          .as(String.join(" ", args))
          .contains("/dev/zero", "not a regular file")
          .doesNotContain("internal error");
    }
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void aFileOverTheBoundIsRefusedBeforeItIsRead() throws Exception {
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, ("# " + "x".repeat(1000) + "\n").repeat(5000));
    Cli.Result r = cli().run("create", "-f", big.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains(big.toString(), "bytes, more than the " + InputFiles.MAX_BYTES);
  }

  @Test
  void aSingleLongScalarIsRefusedInMillisecondsNotParsedForMinutes() throws Exception {
    Path spec = dir.resolve("long.yaml");
    Files.writeString(
        spec,
        "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: a.example.com\n"
            + "  annotations:\n    x: "
            + "a".repeat(3 << 20)
            + "\n");
    long start = System.nanoTime();
    Cli.Result r = cli().run("create", "-f", spec.toString());
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("line 6 is " + ((3 << 20) + 7) + " characters long");
    assertThat(ms).as("refused before parsing").isLessThan(5_000);
  }
}
