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
}
