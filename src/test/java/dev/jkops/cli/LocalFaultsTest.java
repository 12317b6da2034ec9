package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.testing.RequiresRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Things changed behind jkops' back on the local cloud: an instance's namespace or the VPC router
 * deleted by hand, and a node bridge left half made by a killed run. validate says what is broken,
 * {@code update cluster} shows the repair, and {@code update cluster --yes} makes the cluster whole
 * and green again.
 */
@RequiresRoot
class LocalFaultsTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("fault");
  final Cli cli = cluster.cli();
  final String name = cluster.name();
  final ClusterNames names = cluster.names();

  @Test
  void namespacesDeletedBehindJkopsBackAreRebuiltByTheNextUpdate() {
    assertThat(
            cli.run("create", "cluster", name, "--zones", "zone-a,zone-b", "--node-count", "2")
                .code())
        .isZero();
    Cli.Result up = cli.run("update", "cluster", name, "--yes");
    assertThat(up.code()).as(up.toString()).isZero();

    // an instance disappears (exact name, our own cluster's namespace)
    String node = names.instanceNamespace("nodes-zone-b-1");
    Kernel.system().netns().delete(node);
    Cli.Result broken = cli.run("validate", "cluster", name);
    assertThat(broken.code()).as(broken.toString()).isNotZero();
    assertThat(broken.out() + broken.err()).contains("nodes-zone-b-1");
    Cli.Result preview = cli.run("update", "cluster", name);
    assertThat(preview.out()).as(preview.toString()).contains("Instance/nodes-zone-b-1");
    Cli.Result repaired = cli.run("update", "cluster", name, "--yes");
    assertThat(repaired.code()).as(repaired.toString()).isZero();
    assertThat(repaired.out()).contains("created Instance/nodes-zone-b-1");
    Cli.Result green = cli.run("validate", "cluster", name);
    assertThat(green.code()).as(green.toString()).isZero();

    // the VPC router itself disappears, taking every instance's link with it
    Kernel.system().netns().delete(names.vpcNamespace());
    Cli.Result noVpc = cli.run("validate", "cluster", name);
    assertThat(noVpc.code()).as(noVpc.toString()).isNotZero();
    assertThat(noVpc.err())
        .contains("its VPC router namespace " + names.vpcNamespace() + " is missing")
        .contains("jkops update cluster " + name + " --yes")
        .doesNotContain("\tat ");
    assertThat(cli.run("update", "cluster", name).out())
        .as("the preview shows the repair")
        .contains("VPC/" + name);
    Cli.Result rebuilt = cli.run("update", "cluster", name, "--yes");
    assertThat(rebuilt.code()).as(rebuilt.toString()).isZero();
    assertThat(cli.run("update", "cluster", name, "--yes").out())
        .startsWith("No changes need to be applied");
    Cli.Result greenAgain = cli.run("validate", "cluster", name);
    assertThat(greenAgain.code()).as(greenAgain.toString()).isZero();

    // what a run killed right after creating a node's bridge leaves: the bridge, with its MAC but
    // without jkops' label, its address or being up (the control plane's: no pod is attached to it)
    var ip = Kernel.system().ip(names.instanceNamespace("control-plane-zone-a-1"));
    String mac =
        ip.links().stream().filter(l -> l.name().equals("cbr0")).findFirst().orElseThrow().mac();
    ip.deleteLink("cbr0");
    ip.addBridge("cbr0", 1500, mac);
    assertThat(cli.run("update", "cluster", name).out())
        .as("the preview finishes the bridge")
        .contains("NodeBridge/control-plane-zone-a-1");
    Cli.Result finished = cli.run("update", "cluster", name, "--yes");
    assertThat(finished.code()).as("a rerun after the kill: " + finished).isZero();
    assertThat(cli.run("update", "cluster", name).out())
        .startsWith("No changes need to be applied");
    Cli.Result greenOnceMore = cli.run("validate", "cluster", name);
    assertThat(greenOnceMore.code()).as(greenOnceMore.toString()).isZero();

    // an instance half made by a killed run (its eth0 not up yet): not a node until update finishes
    // it
    String half = names.instanceNamespace("nodes-zone-b-1");
    Kernel.system()
        .runner()
        .check(
            dev.jkops.cloud.local.kernel.Command.of(
                "take eth0 down in " + half,
                java.util.List.of("ip", "-n", half, "link", "set", "eth0", "down")));
    Cli.Result nodes = cli.run("get", "nodes", "--name", name);
    assertThat(nodes.code()).as("get nodes with a half-made instance: " + nodes).isZero();
    assertThat(nodes.out()).contains("nodes-zone-a-1").doesNotContain("nodes-zone-b-1");
    Cli.Result remade = cli.run("update", "cluster", name, "--yes");
    assertThat(remade.code()).as(remade.toString()).isZero();
    assertThat(cli.run("get", "nodes", "--name", name).out()).contains("nodes-zone-b-1");
    Cli.Result greenAtLast = cli.run("validate", "cluster", name);
    assertThat(greenAtLast.code()).as(greenAtLast.toString()).isZero();
  }
}
