package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.ClusterOwner;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two clusters that map to one local cluster id (the same name in two state stores, or the same
 * cluster run with two runtime dirs) must not see or remove each other: before the owner record,
 * the second store's {@code update --yes} adopted the first cluster's namespaces and its {@code
 * delete --yes} removed them and the first's runtime dir.
 */
@RequiresRoot
class ClusterIdentityTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("ident");
  final Cli cli = cluster.cli();
  final String name = cluster.name();
  final ClusterNames names = cluster.names();

  @Test
  void theSameNameInAnotherStateStoreNeitherUpdatesNorDeletesTheRunningCluster() {
    assertThat(cli.run("create", "cluster", name, "--zones", "zone-a", "--node-count", "1").code())
        .isZero();
    Cli.Result up = cli.run("update", "cluster", name, "--yes");
    assertThat(up.code()).as(up.toString()).isZero();
    assertThat(Kernel.system().ip(names.vpcNamespace()).link("lo").orElseThrow().alias())
        .as("the VPC namespace carries its creation id")
        .startsWith("jk owner=");
    assertThat(names.runtimeDir().resolve(ClusterOwner.FILE))
        .content()
        .contains("cluster: " + name, "store: file://" + cluster.state());

    String otherStore = "file://" + cluster.dir().resolve("other-state");
    Cli other =
        new Cli(cluster.dir(), otherStore).env(cluster.env()).env("KOPS_STATE_STORE", otherStore);
    assertThat(
            other.run("create", "cluster", name, "--zones", "zone-a", "--node-count", "1").code())
        .isZero();
    Cli.Result update = other.run("update", "cluster", name, "--yes");
    assertThat(update.code()).as(update.toString()).isNotZero();
    assertThat(update.err())
        .contains(
            "belongs to cluster " + name + " of state store file://" + cluster.state(),
            "--state file://" + cluster.state());
    Cli.Result pod = other.run("create", "pod", "intruder", "--name", name);
    assertThat(pod.code()).as(pod.toString()).isNotZero();
    assertThat(pod.err()).contains("belongs to cluster " + name);
    Cli.Result delete = other.run("delete", "cluster", name, "--yes");
    assertThat(delete.code()).as(delete.toString()).isNotZero();
    assertThat(delete.err()).contains("belongs to cluster " + name);
    assertThat(Kernel.system().netns().exists(names.vpcNamespace()))
        .as("the first cluster's VPC")
        .isTrue();
    assertThat(names.runtimeDir()).as("the first cluster's runtime dir").isDirectory();
    assertThat(cli.run("update", "cluster", name, "--yes").out())
        .startsWith("No changes need to be applied");
  }

  @Test
  void anotherRuntimeDirCannotTakeOverTheNamespaces() {
    assertThat(cli.run("create", "cluster", name, "--zones", "zone-a", "--node-count", "1").code())
        .isZero();
    assertThat(cli.run("update", "cluster", name, "--yes").code()).isZero();
    Cli second =
        new Cli(cluster.dir(), "file://" + cluster.state())
            .env(cluster.env())
            .env(ClusterNames.RUNTIME_DIR_ENV, cluster.dir().resolve("runtime2").toString());
    Cli.Result update = second.run("update", "cluster", name, "--yes");
    assertThat(update.code()).as(update.toString()).isNotZero();
    assertThat(update.err()).contains("runtime dir", "JKOPS_RUNTIME_DIR", names.prefix());
    Cli.Result delete = second.run("delete", "cluster", name, "--yes");
    assertThat(delete.code()).as(delete.toString()).isNotZero();
    assertThat(Kernel.system().netns().exists(names.vpcNamespace())).isTrue();
    assertThat(Files.exists(cluster.dir().resolve("runtime2").resolve(names.id()).resolve("etcd")))
        .as("the refused update made no etcd dir")
        .isFalse();
  }
}
