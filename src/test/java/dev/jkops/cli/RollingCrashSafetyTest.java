package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.Leftovers;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kill safety of {@code rolling-update cluster --yes} on the local cloud. A running kubenet cluster
 * (a control-plane instance and two nodes in two zones) is switched to flannel, then the roll that
 * replaces its instances is halted (exit 137, as SIGKILL leaves it) right after its N-th kernel
 * command, for growing N, each rerun continuing from where the last one died. Each killed run
 * leaves its state lock, which the next run takes over by itself (the killed process is gone),
 * saying so. After the run that finishes: no instance needs an update, validate is green, the nodes
 * kept their pod ranges, and nothing leaked: no extra namespace (instance or pod), no VPC port, no
 * device, route, CNI file or nftables change left for update to make ({@link Leftovers}), one etcd
 * process per member, and after delete nothing at all.
 *
 * <p>CI tries a handful of kill points; {@code -Djkops.kill.every=true} (scripts/reliability
 * --large) kills after every kernel command in turn.
 */
@RequiresRoot
class RollingCrashSafetyTest {
  /**
   * Kill points for CI, in kernel commands of one run: while reading, draining, replacing,
   * validating.
   */
  static final long[] ROLL_POINTS = {3, 60, 250, 600};

  static final boolean EVERY = KillPoints.EVERY;

  /** Bounds the large run. */
  static final long MAX_POINT = 5000;

  static final String[] ROLL = {
    "rolling-update",
    "cluster",
    "--yes",
    "--master-interval",
    "0s",
    "--node-interval",
    "0s",
    "--validate-count",
    "1"
  };

  @RegisterExtension
  final LocalClusterFixture cluster =
      new LocalClusterFixture("roll").env("JKOPS_LOCK_TIMEOUT", "0");

  final Cli cli = cluster.cli();
  final String name = cluster.name();
  final ClusterNames names = cluster.names();
  final Path dir = cluster.dir();

  @Test
  void killedRollsResumeAndFinishWithNothingLeaked() throws Exception {
    Path state = cluster.state();
    JkopsProcess jkops = new JkopsProcess(cluster.env(), dir.resolve("logs"));
    ok(
        cli.run(
            "create",
            "cluster",
            name,
            "--zones",
            "zone-a,zone-b",
            "--node-count",
            "2",
            "--networking",
            "kubenet"));
    ok(cli.run("update", "cluster", name, "--yes"));
    String rangesBefore = ranges();
    List<String> instanceNamespaces = nonPodNamespaces();
    String vpcPortsBefore = vpcPorts();
    int etcdBefore = etcdProcesses().size();
    assertThat(etcdBefore).as("one etcd member, on the control-plane instance").isEqualTo(1);

    Path config = state.resolve(name).resolve("config");
    Path edited = dir.resolve("edited.yaml");
    Files.writeString(
        edited,
        SwitchNetworkingTest.withNetworking(
            Files.readString(config), "flannel:\n      backend: vxlan"));
    ok(cli.env("EDITOR", "cp " + edited + " ").run("edit", "cluster", name));
    ok(cli.run("update", "cluster", name, "--yes"));
    assertThat(ok(cli.run("rolling-update", "cluster", name)).out()).contains("NeedsUpdate");

    String[] roll = roll();
    int kills = 0;
    boolean finished = false;
    for (long k : KillPoints.of(ROLL_POINTS, MAX_POINT)) {
      long t0 = System.nanoTime();
      JkopsProcess.Result r = jkops.run(k, roll);
      System.out.println(
          "RollingCrashSafetyTest: run killed at "
              + k
              + ": exit "
              + r.code()
              + " after "
              + (System.nanoTime() - t0) / 1_000_000
              + " ms");
      if (kills > 0) {
        assertThat(r.err())
            .as("the run after a kill takes the killed run's lock over\n" + r)
            .contains("is gone; taking the lock");
      }
      if (r.code() == 0) {
        finished = true; // this run needed fewer than k kernel commands: the roll is done
        break;
      }
      assertThat(r.code())
          .as("killed after " + k + " commands\n" + r)
          .isEqualTo(JkopsProcess.KILLED);
      kills++;
      // the killed run's lock is still there, its process gone: the next run takes it over
      assertThat(ok(cli.run("unlock", "cluster", name)).out())
          .contains("'jkops rolling-update cluster " + name)
          .contains("Its process is gone");
    }
    if (!finished) {
      JkopsProcess.Result last = jkops.run(null, roll);
      assertThat(last.code()).as(last.toString()).isZero();
      assertThat(last.err())
          .as("took the killed run's lock over")
          .contains("is gone; taking the lock");
    }
    assertThat(ok(cli.run("rolling-update", "cluster", name)).out())
        .as("the roll finished")
        .contains("No rolling-update required.");
    assertThat(ok(cli.run("update", "cluster", name)).out())
        .as("converged")
        .startsWith("No changes need to be applied");
    ok(cli.run("validate", "cluster", name));

    assertThat(ranges())
        .as("nodes keep their pod ranges across the killed roll")
        .isEqualTo(rangesBefore);
    assertThat(nonPodNamespaces()).as("instance and VPC namespaces").isEqualTo(instanceNamespaces);
    assertThat(vpcPorts()).as("VPC router ports").isEqualTo(vpcPortsBefore);
    assertThat(cluster.leftovers()).as("what the switch or the kills left behind").isEmpty();
    assertThat(etcdProcesses()).as("etcd processes").hasSize(etcdBefore);
    Cli.Result pods = ok(cli.run("get", "pods", "--name", name));
    long podRows = pods.out().lines().skip(1).filter(l -> !l.isBlank()).count();
    assertThat(pods.out()).as("every pod's namespace exists").doesNotContain("Unknown");
    assertThat(Kernel.system().netns().list(names.prefix() + "p-"))
        .as("pod namespaces: one per pod, none leaked\n" + pods.out())
        .hasSize((int) podRows);

    ok(cli.run("delete", "cluster", name, "--yes"));
    assertThat(Kernel.system().netns().list(names.prefix())).as("namespaces left").isEmpty();
    assertThat(etcdProcesses()).as("etcd processes left").isEmpty();
    System.out.println(
        "RollingCrashSafetyTest: "
            + kills
            + " kill points in rolling-update cluster --yes"
            + (finished ? "" : " (then a run without a kill finished it)"));
    assertThat(kills)
        .as("kill points that actually cut a roll short")
        .isGreaterThanOrEqualTo(EVERY ? 20 : 3);
  }

  private String[] roll() {
    List<String> a = new ArrayList<>(List.of(ROLL));
    a.add(2, name);
    return a.toArray(String[]::new);
  }

  private String ranges() {
    return ok(cli.run("get", "nodes", "-o", "wide", "--name", name))
        .out()
        .lines()
        .map(l -> l.trim().split("\\s+"))
        .map(c -> c[0] + " " + (c.length > 4 ? c[4] : ""))
        .toList()
        .toString();
  }

  private List<String> nonPodNamespaces() {
    return Kernel.system().netns().list(names.prefix()).stream()
        .filter(n -> !n.startsWith(names.prefix() + "p-"))
        .sorted()
        .toList();
  }

  /** The VPC router's links, by name and kind (one port per instance). */
  private String vpcPorts() {
    return KernelFingerprint.of(names.vpcNamespace()).values().stream()
        .flatMap(String::lines)
        .filter(l -> l.startsWith("link "))
        .map(l -> l.split("\\s+")[1])
        .sorted()
        .toList()
        .toString();
  }

  /** etcd processes of this cluster: those whose command line names its runtime dir. */
  private List<Long> etcdProcesses() {
    String dirText = names.runtimeDir().toString();
    List<Long> out = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
          if (cmd.contains("etcd") && cmd.contains(dirText) && !cmd.contains("dev.jkops")) {
            out.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException gone) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  private static Cli.Result ok(Cli.Result r) {
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }
}
