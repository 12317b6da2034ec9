package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.NetworkingSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's training run exercises the commands users start, and they work (else it trains on
 * errors).
 */
class StartupTrainingTest {

  @Test
  void theTrainingPlansEveryKindOfNetworkingALocalClusterAccepts() {
    // classic is the one kind left out: today's Kubernetes refuses it (it needs one before 1.4)
    Set<Class<?>> everyKind = new HashSet<>();
    for (String flag : NetworkingSpec.FLAG_VALUES) {
      everyKind.add(NetworkingSpec.fromFlag(flag).getClass());
    }
    everyKind.remove(NetworkingSpec.Classic.class);
    Set<Class<?>> trained = new HashSet<>();
    trained.add(NetworkingSpec.Kubenet.class); // the default cluster's
    for (String mode : StartupTraining.OTHER_MODES) {
      trained.add(NetworkingSpec.fromFlag(mode).getClass());
    }
    assertThat(trained).isEqualTo(everyKind);
  }

  @Test
  void everyTrainingCommandButTheDeliberateMissesSucceedsInItsOwnStore(@TempDir Path dir) {
    int ok = StartupTraining.run(dir);
    // two deliberate misses: a cluster that does not exist, and Terraform for a local cluster
    assertThat(ok).isEqualTo(StartupTraining.commands(dir.toString()).size() - 2);
    assertThat(Files.exists(dir.resolve(StartupTraining.CLUSTER).resolve("config"))).isTrue();
    for (String mode : StartupTraining.OTHER_MODES) {
      assertThat(dir.resolve(mode + "." + StartupTraining.CLUSTER).resolve("config")).exists();
    }
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

  @Test
  void theUpdateTrainingPlansAndAppliesTheWholeClusterAndMakesNothingOnTheMachine(
      @TempDir Path dir) {
    String[] create = {
      "--state",
      "file://" + dir,
      "create",
      "cluster",
      StartupTraining.CLUSTER,
      "--zones",
      "zone-a,zone-b",
      "--node-count",
      "2"
    };
    java.io.PrintWriter sink = new java.io.PrintWriter(new java.io.StringWriter());
    assertThat(Main.commandLine(sink, sink, java.util.Map.of(), create).execute(create)).isZero();

    UpdateTraining.Done done = UpdateTraining.run(dir, StartupTraining.CLUSTER);

    // a first update's preview: the VPC's namespace and every instance are to be made
    dev.jkops.cloud.local.runtime.ClusterNames names =
        dev.jkops.cloud.local.runtime.ClusterNames.of(
            StartupTraining.CLUSTER,
            java.util.Map.of(
                dev.jkops.cloud.local.runtime.ClusterNames.RUNTIME_DIR_ENV,
                dir.resolve("runtime").toString()));
    assertThat(done.preview())
        .contains("Must specify --yes", names.vpcNamespace(), "nodes-zone-b-1");
    // the engine went through every change (so their handlers' classes are trained), and the
    // files update writes went to the training's own runtime dir and store
    assertThat(done.stoppedBy()).isEmpty();
    assertThat(done.applied()).isEqualTo(done.changes()).isGreaterThan(10);
    assertThat(names.runtimeDir()).startsWith(dir).isDirectory();
    assertThat(
            dir.resolve(StartupTraining.CLUSTER)
                .resolve(dev.jkops.model.addon.ClusterArtifactsWriter.CHANNEL))
        .exists();
    // and the kernel has no namespace of the cluster: no program ran
    if (Files.isDirectory(Path.of("/run/netns"))) {
      try (java.util.stream.Stream<Path> s = Files.list(Path.of("/run/netns"))) {
        assertThat(s.map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.startsWith(names.prefix()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
