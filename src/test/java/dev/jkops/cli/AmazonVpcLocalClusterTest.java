package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.kernel.Command;
import dev.jkops.cloud.local.kernel.CommandRunner;
import dev.jkops.testing.RequiresRoot;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * amazonvpc on the local cloud, as a user runs it: kops' flag value, update --yes, {@code validate
 * cluster} green with every connectivity probe; a pod's address is one of its node's own VPC subnet
 * (the ENI secondary addresses of AWS), pods on two nodes reach each other, and no node holds a
 * tunnel device (no overlay), in one zone and across two.
 */
@RequiresRoot
class AmazonVpcLocalClusterTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("avpc");
  final Cli cli = cluster.cli();
  final String name = cluster.name();

  @ParameterizedTest
  @ValueSource(strings = {"zone-a", "zone-a,zone-b"})
  void podsTakeTheirNodesSubnetAddressesWithNoOverlay(String zones) {
    Cli.Result created =
        cli.run(
            "create",
            "cluster",
            name,
            "--zones",
            zones,
            "--node-count",
            "2",
            "--networking",
            "amazonvpc");
    assertThat(created.code()).as(created.toString()).isZero();
    Cli.Result up = cli.run("update", "cluster", name, "--yes");
    assertThat(up.code()).as(up.toString()).isZero();

    Cli.Result valid = cli.run("validate", "cluster", name);
    assertThat(valid.code()).as(valid.toString()).isZero();
    assertThat(valid.out())
        .contains("Your cluster " + name + " is ready")
        .contains("node-to-pod")
        .contains("pod MTU");
    var m = EveryModeValidatesTest.PASSED.matcher(valid.out());
    assertThat(m.find()).as(valid.out()).isTrue();
    assertThat(m.group(1)).isEqualTo(m.group(2));

    String nodeA = "nodes-zone-a-1";
    String nodeB = zones.contains("zone-b") ? "nodes-zone-b-1" : "nodes-zone-a-2";
    String webIp = podAddress("web", nodeB);
    String clientIp = podAddress("client", nodeA);
    assertThat(nodeSubnet(nodeB).contains(Cidr.parseAddress(webIp, webIp)))
        .as(webIp + " in " + nodeSubnet(nodeB))
        .isTrue();
    assertThat(nodeSubnet(nodeA).contains(Cidr.parseAddress(clientIp, clientIp)))
        .as(clientIp + " in " + nodeSubnet(nodeA))
        .isTrue();
    Cli.Result ping =
        cli.run("exec", "client", "--name", name, "--", "ping", "-c", "1", "-W", "2", webIp);
    assertThat(ping.code()).as(ping.toString()).isZero();

    for (String node : List.of(nodeA, nodeB)) {
      String links =
          CommandRunner.system()
              .run(
                  Command.of(
                      "links",
                      List.of(
                          "ip", "-n", cluster.names().instanceNamespace(node), "-d", "-o", "link")))
              .stdout();
      assertThat(links).as(node).doesNotContain("vxlan", "ipip", "tun ", "geneve");
    }
  }

  String podAddress(String pod, String node) {
    Cli.Result created = cli.run("create", "pod", pod, "--name", name, "--node", node);
    assertThat(created.code()).as(created.toString()).isZero();
    return created.out().replaceAll("(?s).*with address (\\S+).*", "$1").trim();
  }

  /** The node's own subnet, as its eth0 holds it. */
  Cidr nodeSubnet(String node) {
    String addr =
        CommandRunner.system()
            .run(
                Command.of(
                    "eth0",
                    List.of(
                        "ip",
                        "-n",
                        cluster.names().instanceNamespace(node),
                        "-4",
                        "-o",
                        "addr",
                        "show",
                        "dev",
                        "eth0")))
            .stdout()
            .replaceAll("(?s).*inet (\\S+).*", "$1")
            .trim();
    String[] parts = addr.split("/");
    long a = Cidr.parseAddress(parts[0], addr);
    int prefix = Integer.parseInt(parts[1]);
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return new Cidr(a & mask, prefix);
  }
}
