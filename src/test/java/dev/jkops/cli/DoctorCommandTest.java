package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.Prerequisites;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
  @TempDir Path dir;

  @Test
  void printsEachCheckAndExitsZeroOnlyWhenAllPass() {
    Cli.Result r = new Cli(dir, "file://" + dir).run("doctor");
    assertThat(r.out()).contains("CHECK", "root", "iproute2", "nftables", "CNI bridge", "perl");
    if (r.code() == 0) {
      assertThat(r.out())
          .contains("This machine can run local clusters.")
          .doesNotContain("apt-get");
    } else {
      assertThat(r.out()).contains("MISSING");
    }
  }

  @Test
  void namesTheExactPackagesToInstall() {
    List<Prerequisites.Check> checks =
        List.of(
            new Prerequisites.Check("nftables", false, "missing", Optional.of("nftables")),
            new Prerequisites.Check(
                "CNI bridge", false, "missing", Optional.of("containernetworking-plugins")),
            new Prerequisites.Check(
                "CNI host-local", false, "missing", Optional.of("containernetworking-plugins")),
            new Prerequisites.Check("perl", true, "ok", Optional.of("perl-base")));
    assertThat(Prerequisites.installCommand(checks))
        .hasValue("apt-get update && apt-get install -y nftables containernetworking-plugins");
    assertThat(Prerequisites.installCommand(List.of())).isEmpty();
  }
}
