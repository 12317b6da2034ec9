package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.etcd.EtcdControlPlane;
import dev.jkops.cloud.local.etcd.EtcdMember;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * calico with its etcd datastore on a single-master cluster: calico's IPAM in etcd owns each node's
 * block, so when the block affine to a node changes in etcd, the next update moves the node's pod
 * range, its routes on the other nodes, and the VPC's view, and the cluster still validates. The
 * kubernetes datastore is covered by EveryModeValidatesTest.
 */
@RequiresRoot
class CalicoEtcdDatastoreTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("cal");
  final String name = cluster.name();
  final Cli cli = cluster.cli().env("KOPS_CLUSTER_NAME", name);
  final ClusterNames names = cluster.names();

  @Test
  void calicosIpamInEtcdDecidesEachNodesPodRange() throws Exception {
    assertThat(
            cli.run(
                    "create",
                    "cluster",
                    name,
                    "--zones",
                    "zone-a,zone-b",
                    "--node-count",
                    "2",
                    "--networking",
                    "calico")
                .code())
        .isZero();
    Path editor = cluster.dir().resolve("datastore.sh");
    Files.writeString(
        editor, "#!/bin/sh\nsed -i 's/calico: {}/calico: {datastore: etcd}/' \"$1\"\n");
    editor.toFile().setExecutable(true);
    assertThat(cli.env("EDITOR", editor.toString()).run("edit", "cluster", name).code()).isZero();
    Cli.Result up = cli.run("update", "cluster", name, "--yes");
    assertThat(up.code()).as(up.toString()).isZero();
    assertThat(up.out()).contains("etcd: started member control-plane-zone-a-1");

    EtcdMember m =
        EtcdControlPlane.existing(names.runtimeDir())
            .orElseThrow()
            .requireMember("control-plane-zone-a-1");
    String hostKeys = ControlPlaneHaTest.keys(m, "/calico/ipam/v2/host/nodes-zone-b-1/");
    assertThat(hostKeys).contains("/calico/ipam/v2/host/nodes-zone-b-1/ipv4/block/");
    String oldBlock =
        hostKeys
            .lines()
            .filter(l -> l.contains("/block/"))
            .findFirst()
            .orElseThrow()
            .replaceFirst(".*/block/", "")
            .trim();
    String newBlock = "100.96.77.0-24";
    assertThat(oldBlock).isNotEqualTo(newBlock);

    // calico's IPAM gives nodes-zone-b-1 another block, as it would after releasing the old one
    ControlPlaneHaTest.etcdctl(
        m, "del", "/calico/ipam/v2/host/nodes-zone-b-1/ipv4/block/" + oldBlock);
    ControlPlaneHaTest.etcdctl(m, "del", "/calico/ipam/v2/assignment/ipv4/block/" + oldBlock);
    ControlPlaneHaTest.etcdctl(
        m, "put", "/calico/ipam/v2/host/nodes-zone-b-1/ipv4/block/" + newBlock, "{}");
    Cli.Result follow = cli.run("update", "cluster", name, "--yes");
    assertThat(follow.code()).as(follow.toString()).isZero();

    assertThat(cli.run("get", "nodes", "-o", "wide").out())
        .containsPattern("nodes-zone-b-1\\s+Ready\\s+node\\s+\\S+\\s+100\\.96\\.77\\.0/24");
    String routes =
        Kernel.system().ip(names.instanceNamespace("nodes-zone-a-1")).routes(0).toString();
    assertThat(routes)
        .as("the other node routes the new block")
        .contains("100.96.77.0/24")
        .doesNotContain(oldBlock.replace('-', '/'));
    assertThat(ControlPlaneHaTest.keys(m, "/calico/ipam/v2/assignment/"))
        .contains("block/" + newBlock)
        .doesNotContain("block/" + oldBlock);
    Cli.Result valid = cli.run("validate", "cluster", name);
    assertThat(valid.code()).as(valid.toString()).isZero();
  }
}
