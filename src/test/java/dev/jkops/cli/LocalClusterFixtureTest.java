package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fixture's leak check fails for each thing a local cluster can leave behind, so the CLI tests
 * that rely on it would notice: a namespace with the cluster's prefix, its runtime dir, an etcd
 * process whose data dir is in the runtime dir. Each is made by hand here (no cluster is built, so
 * delete has nothing to remove) and removed by exact name or pid afterwards; the fixture's own
 * after-test check then finds nothing.
 */
@RequiresRoot
class LocalClusterFixtureTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("leak");

  @Test
  void nothingLeftPasses() {
    cluster.deleteAndAssertNothingLeftBehind();
  }

  @Test
  void aLeftNamespaceFails() {
    String ns = cluster.names().prefix() + "left";
    Kernel.system().netns().add(ns);
    try {
      assertThatThrownBy(cluster::deleteAndAssertNothingLeftBehind)
          .hasMessageContaining("namespaces left")
          .hasMessageContaining(ns);
    } finally {
      Kernel.system().netns().delete(ns);
    }
  }

  @Test
  void aLeftRuntimeDirFails() throws Exception {
    Files.createDirectories(cluster.names().runtimeDir());
    assertThatThrownBy(cluster::deleteAndAssertNothingLeftBehind)
        .hasMessageContaining("runtime dir left");
    Files.delete(cluster.names().runtimeDir());
  }

  @Test
  void aLeftEtcdProcessFails() throws Exception {
    // a stand-in etcd: a shell named etcd (argv[0]) with a data dir in the runtime dir, as jkops
    // starts etcd
    String dataDir = "--data-dir=" + cluster.runtime().resolve("etcd-left");
    Process etcd =
        new ProcessBuilder(
                List.of("bash", "-c", "exec -a etcd bash -c 'sleep 60; true' " + dataDir))
            .start();
    try {
      waitForCommandLine(etcd, dataDir);
      assertThatThrownBy(cluster::deleteAndAssertNothingLeftBehind)
          .hasMessageContaining("etcd processes left");
    } finally {
      etcd.descendants().forEach(ProcessHandle::destroyForcibly);
      etcd.destroyForcibly();
      assertThat(etcd.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static void waitForCommandLine(Process p, String arg) throws Exception {
    for (int i = 0; i < 100; i++) {
      String cmd = new String(Files.readAllBytes(Path.of("/proc/" + p.pid() + "/cmdline")));
      if (cmd.startsWith("etcd\0") && cmd.contains(arg)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the stand-in etcd did not start");
  }
}
