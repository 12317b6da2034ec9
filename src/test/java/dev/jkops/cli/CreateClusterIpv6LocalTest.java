package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.local.kernel.Command;
import dev.jkops.cloud.local.kernel.CommandRunner;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code jkops create cluster --ipv6 --networking calico --yes} on the local cloud, as a user runs
 * it: the cluster is built, a second {@code update cluster --yes} has nothing to change, and {@code
 * validate cluster} passes every probe. Its node-to-pod rows name the addresses the probes really
 * use: the pod's IPv6 address and, on the node's side, the IPv6 address the kernel sends from
 * toward that pod ({@code ip -6 route get POD} in the node's namespace), never the node's IPv4 VPC
 * address, which an IPv6 probe cannot carry.
 */
@RequiresRoot
class CreateClusterIpv6LocalTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("cv6");
  final Cli cli = cluster.cli();
  final String name = cluster.name();

  /** {@code node-to-pod NODE (ADDRESS) POD (ADDRESS) PROTOCOL RESULT}. */
  static final Pattern NODE_TO_POD =
      Pattern.compile("(?m)^node-to-pod\\s+(\\S+) \\(([^)]+)\\)\\s+(\\S+) \\(([^)]+)\\)\\s+(\\S+)");

  @Test
  void createIpv6WithYesBuildsAClusterThatValidatesAndItsNodeRowsPrintIpv6() throws Exception {
    Cli.Result created =
        cli.run(
            "create",
            "cluster",
            name,
            "--zones",
            "zone-a,zone-b",
            "--ipv6",
            "--networking",
            "calico",
            "--yes");
    assertThat(created.code()).as(created.toString()).isZero();
    var spec =
        YamlCodec.read(Files.readString(cluster.state().resolve(name + "/config")), "config")
            .clusters()
            .get(0)
            .spec();
    assertThat(spec.nonMasqueradeCIDR()).isEqualTo("::/0");
    assertThat(spec.subnets())
        .extracting(s -> s.name() + " " + s.type() + " " + s.ipv6CIDR())
        .containsExactly(
            "zone-a Private /64#0",
            "zone-b Private /64#1",
            "dualstack-zone-a DualStack /64#2",
            "dualstack-zone-b DualStack /64#3",
            "utility-zone-a Utility /64#4",
            "utility-zone-b Utility /64#5");

    Cli.Result again = cli.run("update", "cluster", name, "--yes");
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).as(again.toString()).contains("No changes need to be applied");

    Cli.Result valid = cli.run("validate", "cluster", name);
    assertThat(valid.code()).as(valid.toString()).isZero();
    assertThat(valid.out()).contains("Your cluster " + name + " is ready");

    Matcher m = NODE_TO_POD.matcher(valid.out());
    List<String> nodes = new ArrayList<>();
    while (m.find()) {
      String node = m.group(1);
      String from = m.group(2);
      String pod = m.group(4);
      assertThat(pod).as("pod address in %s", m.group()).contains(":");
      assertThat(from).as("node address in %s", m.group()).contains(":");
      assertThat(from)
          .as("the address %s sends from toward %s (ip -6 route get)", node, pod)
          .isEqualTo(sourceToward(cluster.names().instanceNamespace(node), pod));
      nodes.add(node);
    }
    // three protocols for each worker node (probes run on workers, as conformance does)
    assertThat(nodes).as(valid.out()).hasSize(6);
    assertThat(nodes).containsOnly("nodes-zone-a-1", "nodes-zone-b-1");
  }

  /** The kernel's own answer: the source address {@code ns} sends from toward {@code address}. */
  static String sourceToward(String ns, String address) {
    String route =
        CommandRunner.system()
            .run(
                Command.of(
                    "route to " + address + " in " + ns,
                    List.of("ip", "-n", ns, "-6", "route", "get", address)))
            .stdout();
    Matcher src = Pattern.compile(" src (\\S+)").matcher(route);
    assertThat(src.find()).as(route).isTrue();
    return src.group(1);
  }
}
