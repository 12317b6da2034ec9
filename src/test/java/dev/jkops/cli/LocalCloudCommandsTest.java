package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.testing.RequiresRoot;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The local cloud's commands end to end, in-process: create, update (dry run, --yes, again), scale
 * an instance group, get nodes, logs node, delete; and nothing is left on the machine.
 */
@RequiresRoot
class LocalCloudCommandsTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("cli");
  final Cli cli = cluster.cli();
  final String name = cluster.name();
  final ClusterNames names = cluster.names();

  @Test
  void updatePreviewsAppliesAndThenHasNothingToDo() {
    assertThat(
            cli.run("create", "cluster", name, "--zones", "zone-a,zone-b", "--node-count", "2")
                .code())
        .isZero();
    Cli.Result dry = cli.run("update", "cluster", name);
    assertThat(dry.code()).as(dry.toString()).isZero();
    assertThat(dry.out())
        .contains(
            "Will create resources:",
            "Instance/nodes-zone-a-1",
            "Route/" + name + "/100.96.1.0/24",
            "Must specify --yes to apply changes");
    // each group's members once, after the resources that count them
    assertThat(dry.out())
        .containsOnlyOnce("SecurityGroupMembers/nodes." + name + "\n")
        .contains("SecurityGroupRules/nodes-zone-a-1");
    assertThat(Kernel.system().netns().list(names.prefix()))
        .as("a dry run builds nothing")
        .isEmpty();

    Cli.Result yes = cli.run("update", "cluster", name, "--yes");
    assertThat(yes.code()).as(yes.toString()).isZero();
    assertThat(yes.out())
        .contains(
            "created VPC/" + name,
            "created Instance/nodes-zone-b-1",
            "Cluster changes have been applied to the cloud");
    Cli.Result again = cli.run("update", "cluster", name, "--yes");
    assertThat(again.out()).as(again.toString()).startsWith("No changes need to be applied");

    Cli.Result nodes = cli.run("get", "nodes", "-o", "wide", "--name", name);
    assertThat(nodes.out())
        .as(nodes.toString())
        .contains("NAME", "STATUS", "ROLES", "INTERNAL-IP", "POD-CIDR", "NETWORK-PLUGIN")
        .containsPattern(
            "control-plane-zone-a-1\\s+Ready\\s+control-plane\\s+172\\.20\\.0\\.4\\s+100\\.96\\.0\\.0/24\\s+kubenet")
        .containsPattern(
            "nodes-zone-b-1\\s+Ready\\s+node\\s+172\\.20\\.128\\.4\\s+100\\.96\\.\\d+\\.0/24\\s+kubenet");

    // a real pod's ADD, in the one node log format (runtime.NodeLog)
    Cli.Result pod = cli.run("create", "pod", "web", "--node", "nodes-zone-a-1", "--name", name);
    assertThat(pod.code()).as(pod.toString()).isZero();
    Cli.Result logs = cli.run("logs", "node", "nodes-zone-a-1", "--name", name);
    assertThat(logs.out())
        .as(logs.toString())
        .containsPattern(
            "(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ ADD default/web netns="
                + java.util.regex.Pattern.quote(names.podNamespace("default", "web"))
                + " eth0=100\\.96\\.\\d+\\.\\d+/24 via ");
    assertThat(cli.run("logs", "node", "no-such-node", "--name", name).err())
        .contains("no-such-node");

    Cli.Result preview = cli.run("delete", "cluster", name);
    assertThat(preview.out()).contains("namespace\t" + names.vpcNamespace(), "Must specify --yes");
    Cli.Result delete = cli.run("delete", "cluster", name, "--yes");
    assertThat(delete.out())
        .contains("Deleted namespace " + names.vpcNamespace(), "Deleted cluster");
  }

  @Test
  void scalingAnInstanceGroupAddsAndRemovesInstancesWithTheirRoutes() {
    cli.run("create", "cluster", name, "--zones", "zone-a", "--node-count", "1");
    Cli.Result first = cli.run("update", "cluster", name, "--yes");
    assertThat(first.code()).as(first.toString()).isZero();
    Cli.Result grow =
        cli.env(
                Map.of(
                    "EDITOR", "sed -i -e s/minSize:.1/minSize:\\ 2/ -e s/maxSize:.1/maxSize:\\ 2/"))
            .run("edit", "instancegroup", "--name", name, "nodes-zone-a");
    assertThat(grow.code()).as(grow.toString()).isZero();
    Cli.Result dry = cli.run("update", "cluster", name);
    assertThat(dry.out()).contains("Instance/nodes-zone-a-2", "Route/" + name + "/100.96.2.0/24");
    assertThat(cli.run("update", "cluster", name, "--yes").code()).isZero();
    assertThat(Kernel.system().netns().exists(names.instanceNamespace("nodes-zone-a-2"))).isTrue();

    cli.env(Map.of("EDITOR", "sed -i -e s/minSize:.2/minSize:\\ 1/"))
        .run("edit", "instancegroup", "--name", name, "nodes-zone-a");
    Cli.Result shrink = cli.run("update", "cluster", name, "--yes");
    assertThat(shrink.out())
        .as(shrink.toString())
        .contains("deleted Instance/nodes-zone-a-2", "deleted Route/" + name + "/100.96.2.0/24");
    assertThat(Kernel.system().netns().exists(names.instanceNamespace("nodes-zone-a-2"))).isFalse();
  }

  @Test
  void flannelUdpIsRefusedBeforeAnythingIsBuilt() {
    Cli.Result r =
        cli.run("create", "cluster", name, "--zones", "zone-a", "--networking", "flannel-udp");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("not available on the local cloud");
    assertThat(cli.run("update", "cluster", name, "--yes").err()).contains("not found");
    assertThat(Kernel.system().netns().list(names.prefix())).isEmpty();
  }
}
