package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kill safety on the local cloud: jkops runs as its own process and is halted (exit 137, as SIGKILL
 * leaves it) right after its N-th kernel command, for several N, during {@code update cluster
 * --yes} and {@code delete cluster --yes}. Each killed run leaves its state lock, which {@code
 * unlock cluster} shows as held by a process that is gone, and which the rerun takes over by
 * itself, saying so (no {@code jkops unlock}). After the last rerun the cluster validates green and
 * its kernel state (namespaces, links, addresses, routes, nftables) is exactly what a clean build
 * of the same spec gives; after delete nothing is left.
 *
 * <p>CI tries a handful of kill points per mode; {@code -Djkops.kill.every=true}
 * (scripts/reliability --large) kills after every single kernel command in turn.
 */
@RequiresRoot
class LocalCrashSafetyTest {
  /**
   * Kill points for CI: early (namespaces being made), middle, late (routes, rulesets, store
   * writes). Denser below 45 since changes made at once share one {@code ip -batch} process
   * (kernel.BatchQueue): a two-node kubenet update now runs 20-45 kernel processes, how many
   * depending on which changes meet, and every point must still be able to cut it short.
   */
  static final long[] UPDATE_POINTS = {1, 3, 6, 10, 15, 20, 30, 45, 90, 160};

  static final long[] DELETE_POINTS = {1, 2, 4, 7, 12, 20, 30};
  static final boolean EVERY = KillPoints.EVERY;

  /** Bounds the large run: no cluster here needs this many commands. */
  static final long MAX_POINT = 5000;

  @RegisterExtension
  final LocalClusterFixture cluster =
      new LocalClusterFixture("kill").env("JKOPS_LOCK_TIMEOUT", "0");

  final Cli cli = cluster.cli();
  final String name = cluster.name();
  final ClusterNames names = cluster.names();
  final JkopsProcess jkops = new JkopsProcess(cluster.env(), cluster.dir().resolve("logs"));
  boolean lastRunFinished;

  @ParameterizedTest
  @ValueSource(strings = {"kubenet", "flannel"})
  void killedUpdatesAndDeletesConvergeOnRerunWithNothingDuplicatedOrLeaked(String mode)
      throws Exception {
    Path state = cluster.state();
    String[] create = {
      "create",
      "cluster",
      name,
      "--zones",
      "zone-a,zone-b",
      "--node-count",
      "2",
      "--networking",
      mode
    };
    Cli.Result created = cli.run(create);
    assertThat(created.code()).as(created.toString()).isZero();

    // update cluster --yes, killed again and again, each rerun picking up where the last one died
    int updateKills =
        killRepeatedly(KillPoints.of(UPDATE_POINTS, MAX_POINT), "update", "cluster", name, "--yes");
    JkopsProcess.Result finished = jkops.run(null, "update", "cluster", name, "--yes");
    assertThat(finished.code()).as(finished.toString()).isZero();
    Cli.Result again = cli.run("update", "cluster", name, "--yes");
    assertThat(again.out())
        .as("converged: a further run has nothing to do\n" + again)
        .startsWith("No changes need to be applied");
    // taken before validate, which starts pods of its own
    TreeMap<String, String> afterKills = KernelFingerprint.of(names.prefix());
    String ipamAfterKills = Files.readString(state.resolve(name + "/ipam/pod-ranges.yaml"));
    Cli.Result valid = cli.run("validate", "cluster", name);
    assertThat(valid.code()).as(valid.toString()).isZero();

    // delete cluster --yes, killed the same way
    int deleteKills =
        killRepeatedly(KillPoints.of(DELETE_POINTS, MAX_POINT), "delete", "cluster", name, "--yes");
    if (!lastRunFinished) {
      JkopsProcess.Result deleted = jkops.run(null, "delete", "cluster", name, "--yes");
      assertThat(deleted.code()).as(deleted.toString()).isZero();
    }
    assertGone(state);

    // the same spec built once, cleanly: the reference the killed build must equal
    assertThat(cli.run(create).code()).isZero();
    Cli.Result clean = cli.run("update", "cluster", name, "--yes");
    assertThat(clean.code()).as(clean.toString()).isZero();
    assertThat(afterKills)
        .as("namespaces after the killed runs vs a clean build")
        .containsOnlyKeys(KernelFingerprint.of(names.prefix()).keySet().toArray(String[]::new));
    TreeMap<String, String> reference = KernelFingerprint.of(names.prefix());
    for (String ns : reference.keySet()) {
      assertThat(afterKills.get(ns))
          .as("kernel state of " + ns + " after killed runs vs a clean build")
          .isEqualTo(reference.get(ns));
    }
    assertThat(ipamAfterKills)
        .as("pod range allocations")
        .isEqualTo(Files.readString(state.resolve(name + "/ipam/pod-ranges.yaml")));
    Cli.Result cleanDelete = cli.run("delete", "cluster", name, "--yes");
    assertThat(cleanDelete.code()).as(cleanDelete.toString()).isZero();
    assertGone(state);
    System.out.println(
        "LocalCrashSafetyTest "
            + mode
            + ": "
            + updateKills
            + " kill points in update cluster --yes, "
            + deleteKills
            + " in delete cluster --yes");
    assertThat(updateKills)
        .as("kill points that actually cut an update short")
        .isGreaterThanOrEqualTo(EVERY ? 20 : 5);
    assertThat(deleteKills).isGreaterThanOrEqualTo(2);
  }

  /**
   * Runs the command killed after k kernel commands for each k, until a run finishes before its
   * kill point. After each kill the lock is still there, held by a process that is gone; the next
   * run takes it over and says so.
   *
   * @return how many runs were killed
   */
  private int killRepeatedly(List<Long> points, String... args) {
    int kills = 0;
    lastRunFinished = false;
    for (long k : points) {
      JkopsProcess.Result r = jkops.run(k, args);
      if (kills > 0) {
        assertThat(r.err())
            .as("the run after a kill takes the killed run's lock over\n" + r)
            .contains("is gone; taking the lock");
      }
      if (r.code() == 0) {
        lastRunFinished = true;
        break; // the command needed fewer than k kernel commands from here: it finished
      }
      assertThat(r.code())
          .as("killed after " + k + " commands\n" + r)
          .isEqualTo(JkopsProcess.KILLED);
      kills++;
      if (kills == 1) {
        Cli.Result shown = cli.run("unlock", "cluster", name);
        assertThat(shown.out())
            .as(shown.toString())
            .contains("is locked by")
            .contains("Its process is gone");
      }
    }
    return kills;
  }

  private void assertGone(Path state) throws Exception {
    assertThat(Kernel.system().netns().list(names.prefix())).as("namespaces left").isEmpty();
    assertThat(names.runtimeDir()).as("runtime dir left").doesNotExist();
    try (Stream<Path> left = Files.walk(state.resolve(name))) {
      assertThat(
              left.filter(Files::isRegularFile)
                  .map(p -> state.resolve(name).relativize(p).toString())
                  .filter(p -> !p.startsWith(".history/"))
                  .toList())
          .as("state files left")
          .isEmpty();
    }
  }
}
