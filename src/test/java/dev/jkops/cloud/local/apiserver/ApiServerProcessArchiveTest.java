package dev.jkops.cloud.local.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The API server's JVM runs from the start-up archive the jkops JVM that starts it runs from. */
class ApiServerProcessArchiveTest {
  @Test
  void theLaunchersCdsArchiveAndItsMappingModeArePassedOn() {
    List<String> launcher =
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:ArchiveRelocationMode=0",
            "-XX:SharedArchiveFile=/c/jkops-cds-1.jsa",
            "-Xlog:cds*=off",
            "-XX:ArchiveRelocationMode=1"); // JKOPS_JAVA_OPTS after the launcher's flags wins
    assertThat(ApiServerProcess.sharedArchive(launcher))
        .containsExactly(
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:ArchiveRelocationMode=0",
            "-XX:SharedArchiveFile=/c/jkops-cds-1.jsa",
            "-XX:ArchiveRelocationMode=1",
            "-Xlog:cds*=off");
  }

  @Test
  void theAotCacheOfJdk25IsPassedOnQuietly() {
    assertThat(ApiServerProcess.sharedArchive(List.of("-XX:AOTCache=/c/jkops-aot-1.aot")))
        .contains("-XX:AOTCache=/c/jkops-aot-1.aot", "-Xlog:aot*=off", "-Xlog:cds*=off");
  }

  @Test
  void aJvmWithoutAnArchivePassesNothingOn() {
    assertThat(ApiServerProcess.sharedArchive(List.of("-XX:ArchiveRelocationMode=0", "-Xmx1g")))
        .isEmpty();
    assertThat(ApiServerProcess.sharedArchive(List.of())).isEmpty();
  }
}
