package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's training run exercises the commands users start, and they work (else it trains on
 * errors).
 */
class StartupTrainingTest {

  @Test
  void everyTrainingCommandButTheDeliberateMissSucceedsInItsOwnStore(@TempDir Path dir) {
    int ok = StartupTraining.run(dir);
    assertThat(ok).isEqualTo(StartupTraining.commands(dir.toString()).size() - 1);
    assertThat(Files.exists(dir.resolve(StartupTraining.CLUSTER).resolve("config"))).isTrue();
  }

  @Test
  void thePodListingTrainingReadsItsPodsThroughTheGatewayItStandsUpAndPrintsThem(@TempDir Path dir)
      throws Exception {
    String printed = PodListingTraining.run(dir);
    assertThat(printed.lines().toList())
        .containsExactly(
            "NAMESPACE\tNAME\tREADY\tSTATUS\tAGE",
            "data\t\tdb-1\t1/1\tRunning\t1m",
            "default\t\tweb-1\t1/1\tRunning\t1m",
            "default\t\tweb-2\t1/1\tRunning\t1m",
            "NAMESPACE\tNAME\tREADY\tSTATUS\tAGE\tIP\t\tNODE",
            "default\t\tweb-1\t0/1\tUnknown\t1m\t100.96.1.15\tnodes-zone-a-1",
            "default\t\tweb-2\t0/1\tUnknown\t1m\t100.96.1.15\tnodes-zone-a-1");
  }
}
