package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kops' exit codes, which scripts rely on: 0 on success, 1 when a command fails, 2 for a usage
 * error; {@code validate cluster} exits 2 when it validated the cluster and the cluster failed, and
 * 1 when it could not validate at all (docs/commands-and-state-stores.md).
 */
class ExitCodesTest {
  @TempDir Path dir;

  Cli cli() {
    return new Cli(dir, "file://" + dir.resolve("state"));
  }

  @Test
  void successIsZero() {
    assertThat(cli().run("version").code()).isZero();
    assertThat(cli().run("get", "clusters").code()).isZero();
  }

  @Test
  void aFailedCommandIsOne() {
    Cli.Result r = cli().run("get", "cluster", "nosuch.example.com");
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith("Error: ");
    Cli.Result delete = cli().run("delete", "cluster", "nosuch.example.com", "--yes");
    assertThat(delete.code()).as(delete.toString()).isEqualTo(1);
  }

  @Test
  void aUsageErrorIsTwo() {
    Cli.Result unknownFlag = cli().run("get", "clusters", "--no-such-flag");
    assertThat(unknownFlag.code()).as(unknownFlag.toString()).isEqualTo(2);
    assertThat(unknownFlag.err()).contains("Unknown option: '--no-such-flag'");
    Cli.Result missing = cli().run("apply");
    assertThat(missing.code()).as(missing.toString()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required option: '--filename=FILE'");
    Cli.Result noName = cli().run("update", "cluster");
    assertThat(noName.code()).as(noName.toString()).isEqualTo(2);
    assertThat(noName.err()).contains("no cluster name given");
    Cli.Result unknownVerb = cli().run("gett", "clusters");
    assertThat(unknownVerb.code()).as(unknownVerb.toString()).isEqualTo(2);
  }

  @Test
  void validateOfAClusterItCannotReadIsAnErrorNotAFailedValidation() {
    Cli.Result r = cli().run("validate", "cluster", "nosuch.example.com");
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("nosuch.example.com");
  }

  /**
   * A cluster stored but never brought up cannot be validated: an error (1) saying how to bring it
   * up. A cluster that is up and fails validation exits 2: SeedGuideTest's cni cluster before its
   * provider is installed, and ValidateClusterAwsTest.
   */
  @Test
  void validateOfAClusterThatIsNotUpIsAnError() {
    Cli cli =
        cli()
            .env(
                dev.jkops.cloud.local.runtime.ClusterNames.RUNTIME_DIR_ENV,
                dir.resolve("runtime").toString());
    Cli.Result created = cli.run("create", "cluster", "exit1.local", "--zones", "zone-a");
    assertThat(created.code()).as(created.toString()).isZero();
    Cli.Result r = cli.run("validate", "cluster", "exit1.local");
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "is not running on this machine's local cloud",
            "jkops update cluster exit1.local --yes");
  }
}
