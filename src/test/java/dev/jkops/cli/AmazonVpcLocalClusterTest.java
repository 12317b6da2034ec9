package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.kernel.Command;
import dev.jkops.cloud.local.kernel.CommandRunner;
import dev.jkops.testing.RequiresRoot;
import java.util.List;
import org.junit.jupiter.api.Test;
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

  /**
   * The VPC's source/dest check stays on for amazonvpc nodes and counts each node's block as its
   * own, as AWS counts an ENI's secondary addresses: real packets from node A with a source in its
   * block reach node B and are answered; with a source outside it (an address of node B's block)
   * the VPC drops them, by the check's own counter. No route anywhere carries a block: the nodes
   * answer ARP for their pods on the subnet, as AWS' fabric delivers secondary addresses.
   */
  @Test
  void theSourceDestCheckStaysOnAndKnowsEachNodesBlockAsItsOwn() {
    Cli.Result created =
        cli.run(
            "create",
            "cluster",
            name,
            "--zones",
            "zone-a,zone-b",
            "--node-count",
            "2",
            "--networking",
            "amazonvpc");
    assertThat(created.code()).as(created.toString()).isZero();
    Cli.Result up = cli.run("update", "cluster", name, "--yes");
    assertThat(up.code()).as(up.toString()).isZero();
    Cli.Result networking = cli.run("get", "networking", name);
    assertThat(networking.out().lines().filter(l -> l.contains("Source/dest check")))
        .as(networking.toString())
        .singleElement()
        .satisfies(l -> assertThat(l).contains("on").doesNotContain("off"));

    String nodeA = "nodes-zone-a-1";
    String nodeB = "nodes-zone-b-1";
    String clientIp = podAddress("client", nodeA);
    String webIp = podAddress("web", nodeB);
    String nodeBIp = nodeSubnetAddress(nodeB);
    String vpc = cluster.names().vpcNamespace();
    String routes = sh("ip", "-n", vpc, "-4", "route", "show", "table", "all");
    assertThat(routes).doesNotContain(block(clientIp)).doesNotContain(block(webIp));

    // a free address of A's own block, and one of B's block, each as a source on node A
    String ownSpare = offset(block(clientIp), 30);
    String othersSpare = offset(block(webIp), 30);
    String nsA = cluster.names().instanceNamespace(nodeA);
    String table = "jk-sdc-" + dev.jkops.cloud.local.resources.LocalInstance.vpcPortOf(nodeA);
    try {
      sh("ip", "-n", nsA, "addr", "add", ownSpare + "/32", "dev", "lo");
      sh("ip", "-n", nsA, "addr", "add", othersSpare + "/32", "dev", "lo");
      assertThat(ping(nsA, ownSpare, nodeBIp)).as("from " + ownSpare + ", A's own block").isZero();
      long before = dropped(vpc, table);
      assertThat(ping(nsA, othersSpare, nodeBIp))
          .as("from " + othersSpare + ", B's block, spoofed by A")
          .isNotZero();
      assertThat(dropped(vpc, table)).as("the check's drop counter").isGreaterThan(before);
    } finally {
      sh("ip", "-n", nsA, "addr", "del", ownSpare + "/32", "dev", "lo");
      sh("ip", "-n", nsA, "addr", "del", othersSpare + "/32", "dev", "lo");
    }
    Cli.Result ping =
        cli.run("exec", "client", "--name", name, "--", "ping", "-c", "1", "-W", "2", webIp);
    assertThat(ping.code()).as(ping.toString()).isZero();
    Cli.Result valid = cli.run("validate", "cluster", name);
    assertThat(valid.code()).as(valid.toString()).isZero();
  }

  static int ping(String ns, String from, String to) {
    return CommandRunner.system()
        .run(
            Command.of(
                "ping",
                List.of("ip", "netns", "exec", ns, "ping", "-c", "2", "-W", "1", "-I", from, to)))
        .exitCode();
  }

  /** Packets the source/dest check of the table has dropped, by its counters. */
  static long dropped(String vpc, String table) {
    long n = 0;
    var m =
        java.util.regex.Pattern.compile("packets (\\d+) bytes \\d+ drop")
            .matcher(sh("ip", "netns", "exec", vpc, "nft", "list", "table", "bridge", table));
    while (m.find()) {
      n += Long.parseLong(m.group(1));
    }
    return n;
  }

  static String sh(String... argv) {
    return CommandRunner.system().run(Command.of(argv[0], List.of(argv))).stdout();
  }

  /** The /27 block an address is in. */
  static String block(String ip) {
    long a = Cidr.parseAddress(ip, ip);
    return new Cidr(a & 0xFFFFFFE0L, 27).toString();
  }

  static String offset(String block, int n) {
    return Cidr.parse(block).addressString(n);
  }

  String nodeSubnetAddress(String node) {
    return sh(
            "ip",
            "-n",
            cluster.names().instanceNamespace(node),
            "-4",
            "-o",
            "addr",
            "show",
            "dev",
            "eth0")
        .replaceAll("(?s).*inet (\\S+)/.*", "$1")
        .trim();
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
