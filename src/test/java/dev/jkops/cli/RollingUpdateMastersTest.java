package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.LocalClusterUpdate;
import dev.jkops.cloud.local.etcd.EtcdControlPlane;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * rolling-update of the masters of an HA local cluster goes through etcd's quorum check: a master
 * is replaced while the other two keep the quorum (its member comes back with its data and follows
 * the leader before the roll goes on), and with one master already lost, replacing another is
 * refused before anything is stopped.
 */
@RequiresRoot
class RollingUpdateMastersTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("roll");
  final Cli cli = cluster.cli();
  final String name = cluster.name();
  final ClusterNames names = cluster.names();

  @Test
  void aMasterRollKeepsEtcdsQuorumAndOneThatWouldLoseItIsRefused() throws Exception {
    ok(
        cli.run(
            "create",
            "cluster",
            name,
            "--zones",
            "zone-a,zone-b,zone-c",
            "--master-zones",
            "zone-a,zone-b,zone-c",
            "--node-count",
            "1",
            "--networking",
            "kubenet"));
    ok(cli.run("update", "cluster", name, "--yes"));
    ok(cli.run("create", "pod", "web", "--name", name));

    long pidA = etcd().pid(etcd().requireMember("control-plane-zone-a-1")).orElseThrow();
    Cli.Result roll =
        ok(
            cli.run(
                "rolling-update",
                "cluster",
                name,
                "--yes",
                "--force",
                "--instance-group",
                "control-plane-zone-a",
                "--master-interval",
                "0s",
                "--validate-count",
                "1"));
    assertThat(roll.out())
        .contains("Replaced instance \"control-plane-zone-a-1\"")
        .contains("(1 instance replaced)");
    assertThat(etcd().pid(etcd().requireMember("control-plane-zone-a-1")).orElseThrow())
        .isNotEqualTo(pidA);
    assertThat(etcd().health().healthyCount()).isEqualTo(3);
    assertThat(ok(cli.run("get", "pods", "--name", name)).out())
        .as("the data survived")
        .contains("web");

    // a master is lost; replacing a second would leave one of three members: refused, nothing
    // touched
    EtcdControlPlane cp = etcd();
    assertThat(cp.stop(cp.requireMember("control-plane-zone-b-1"))).isTrue();
    LocalClusterUpdate.deleteInstanceNamespace(Kernel.system(), names, "control-plane-zone-b-1");
    long pidC = etcd().pid(etcd().requireMember("control-plane-zone-c-1")).orElseThrow();
    Object nsC =
        Files.getAttribute(
            Path.of("/run/netns", names.instanceNamespace("control-plane-zone-c-1")), "unix:ino");

    Cli.Result refused =
        cli.run(
            "rolling-update",
            "cluster",
            name,
            "--yes",
            "--force",
            "--instance-group",
            "control-plane-zone-c",
            "--master-interval",
            "0s",
            "--validate-count",
            "1");
    assertThat(refused.code()).as(refused.toString()).isNotZero();
    assertThat(refused.err()).contains("replacing control-plane-zone-c-1 would lose etcd's quorum");
    assertThat(refused.out())
        .doesNotContain("Cordoning node \"control-plane-zone-c-1\"")
        .doesNotContain("Replaced instance");
    assertThat(etcd().pid(etcd().requireMember("control-plane-zone-c-1"))).contains(pidC);
    assertThat(
            Files.getAttribute(
                Path.of("/run/netns", names.instanceNamespace("control-plane-zone-c-1")),
                "unix:ino"))
        .isEqualTo(nsC);
  }

  private EtcdControlPlane etcd() {
    return EtcdControlPlane.existing(names.runtimeDir()).orElseThrow();
  }

  private static Cli.Result ok(Cli.Result r) {
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }
}
