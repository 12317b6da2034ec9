package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.Ipv6Cidr;
import dev.jkops.cloud.local.kernel.Command;
import dev.jkops.cloud.local.kernel.CommandRunner;
import dev.jkops.cloud.local.resources.LocalInstance;
import dev.jkops.cloud.local.resources.Subnet;
import dev.jkops.testing.Ipv6LocalSpec;
import dev.jkops.testing.RequiresRoot;
import inet.ipaddr.IPAddressString;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An IPv6 calico cluster on the local cloud after its first day: the VPC's source/dest check on
 * IPv6 frames (a node may send only from its own address and its pods' /80, as AWS counts a
 * delegated prefix), a rolling update after a change that needs one, and a resize up and down, each
 * judged by real packets, the router's routes and {@code validate cluster}.
 */
@RequiresRoot
class Ipv6DayTwoTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("sixops");
  final Cli cli = cluster.cli();
  final String name = cluster.name();

  /** The cluster's spec with calico's settings {@code calico} and {@code nodes} nodes. */
  String spec(String calico, int nodes) {
    return Ipv6LocalSpec.yaml(name, "calico: " + calico, nodes);
  }

  void build(String calico, int nodes) throws Exception {
    Path file = Files.writeString(cluster.dir().resolve("v6.yaml"), spec(calico, nodes));
    ok(cli.run("create", "-f", file.toString()));
    ok(cli.run("update", "cluster", name, "--yes"));
  }

  /**
   * Node A (zone-a) sends real packets to node B (zone-b) from a spare address of its own /80: they
   * arrive and are answered. From a spare address of B's /80 (A spoofing one of B's pods) the VPC
   * drops them at A's port, by the check's own counter, and neither the router nor B ever sees one,
   * by counters of their own. Neighbour discovery and link-local traffic still cross the check
   * (caches flushed first), and pods on the two nodes reach each other over IPv6.
   */
  @Test
  void theVpcDropsIpv6FramesFromAddressesNotTheInstancesOwn() throws Exception {
    build("{}", 2);

    Map<String, String> prefixes = podCidrs();
    String nodeA = "nodes-1";
    String nodeB = "nodes-2";
    String nsA = cluster.names().instanceNamespace(nodeA);
    String nsB = cluster.names().instanceNamespace(nodeB);
    String vpc = cluster.names().vpcNamespace();
    String bAddress = ipv6Address(nsB, "eth0", "global");
    String ownSpare = host(prefixes.get(nodeA), 0x30);
    String othersSpare = host(prefixes.get(nodeB), 0x30);
    String table = "jk-sdc6-" + LocalInstance.vpcPortOf(nodeA);
    try {
      sh("ip", "-n", nsA, "-6", "addr", "add", ownSpare + "/128", "dev", "lo", "nodad");
      sh("ip", "-n", nsA, "-6", "addr", "add", othersSpare + "/128", "dev", "lo", "nodad");
      count(vpc, ownSpare, othersSpare);
      count(nsB, ownSpare, othersSpare);

      assertThat(ping(nsA, ownSpare, bAddress)).as("from " + ownSpare + ", A's own /80").isZero();
      assertThat(seen(nsB, ownSpare)).as("B saw A's own /80").isPositive();
      assertThat(seen(vpc, ownSpare)).as("the router saw A's own /80").isPositive();

      long before = dropped(vpc, table);
      assertThat(ping(nsA, othersSpare, bAddress))
          .as("from " + othersSpare + ", B's /80, spoofed by A")
          .isNotZero();
      assertThat(dropped(vpc, table)).as("the check's drop counter").isGreaterThan(before);
      assertThat(seen(vpc, othersSpare)).as("the router saw the spoofed source").isZero();
      assertThat(seen(nsB, othersSpare)).as("B saw the spoofed source").isZero();

      // neighbour discovery through the check: every cache on the path forgotten, then again
      for (String ns : List.of(nsA, nsB, vpc)) {
        sh("ip", "-n", ns, "-6", "neigh", "flush", "all");
      }
      assertThat(ping(nsA, ownSpare, bAddress)).as("after neighbour discovery").isZero();
      String routerLinkLocal =
          ipv6Address(vpc, Subnet.bridgeOf("zone-a"), "link").replaceAll("/.*", "");
      assertThat(
              CommandRunner.system()
                  .run(
                      Command.of(
                          "link-local ping",
                          List.of(
                              "ip",
                              "netns",
                              "exec",
                              nsA,
                              "ping",
                              "-6",
                              "-c",
                              "1",
                              "-W",
                              "3",
                              routerLinkLocal + "%eth0")))
                  .exitCode())
          .as("A to the router's link-local address")
          .isZero();
    } finally {
      sh("ip", "-n", nsA, "-6", "addr", "del", ownSpare + "/128", "dev", "lo");
      sh("ip", "-n", nsA, "-6", "addr", "del", othersSpare + "/128", "dev", "lo");
      sh("ip", "netns", "exec", vpc, "nft", "delete", "table", "inet", COUNTER);
      sh("ip", "netns", "exec", nsB, "nft", "delete", "table", "inet", COUNTER);
    }

    String web = podAddress("web", nodeB);
    podAddress("client", nodeA);
    ok(cli.run("exec", "client", "--name", name, "--", "ping", "-6", "-c", "1", "-W", "3", web));
    assertThat(cli.run("update", "cluster", name, "--yes").out())
        .contains("No changes need to be applied");
  }

  /**
   * A change that needs a roll (calico's MTU), rolled node by node; then the group grows by one
   * node and shrinks back. Each node keeps its /80 through the roll, the new node gets a /80 no
   * other node has and its pods reach pods on the old nodes, the removed node's prefix, route and
   * check go with it, validate passes after each step, and delete leaves nothing.
   */
  @Test
  void aRollAndAResizeKeepEachNodeInItsOwnPrefix() throws Exception {
    build("{}", 2);
    Map<String, String> first = podCidrs();
    assertThat(first).containsKeys("nodes-1", "nodes-2", "control-plane-zone-a-1");
    assertThat(new HashSet<>(first.values())).hasSize(first.size());
    assertThat(first.values()).allSatisfy(p -> assertThat(p).endsWith("/80"));

    // a change every node's configuration carries: it needs a roll
    Path changed = Files.writeString(cluster.dir().resolve("mtu.yaml"), spec("{mtu: 1400}", 2));
    ok(cli.run("replace", "-f", changed.toString()));
    Cli.Result update = ok(cli.run("update", "cluster", name, "--yes"));
    assertThat(update.out()).contains("3 instances need update");
    // the old nodes still talk to each other while nothing has rolled yet
    ok(cli.run("validate", "cluster", name));

    ok(
        cli.run(
            "rolling-update",
            "cluster",
            name,
            "--yes",
            "--master-interval",
            "0s",
            "--node-interval",
            "0s",
            "--validate-count",
            "1"));
    assertThat(podCidrs()).as("each node keeps its /80 through the roll").isEqualTo(first);
    assertThat(cluster.leftovers()).as("what the roll left for update to do").isEmpty();
    String onRolled = podAddress("rolled", "nodes-1");
    assertThat(
            ok(cli.run("exec", "rolled", "--name", name, "--", "ip", "-o", "link", "show", "eth0"))
                .out())
        .contains("mtu 1400");

    // grow by one node
    ok(
        cli.env(
                Map.of(
                    "EDITOR", "sed -i -e s/minSize:.2/minSize:\\ 3/ -e s/maxSize:.2/maxSize:\\ 3/"))
            .run("edit", "instancegroup", "--name", name, "nodes"));
    ok(cli.run("update", "cluster", name, "--yes"));
    Map<String, String> grown = podCidrs();
    String third = grown.get("nodes-3");
    assertThat(third).as(grown.toString()).isNotNull().endsWith("/80");
    assertThat(first.values()).as("the new node's /80 is no other node's").doesNotContain(third);
    assertThat(new HashSet<>(grown.values())).hasSize(grown.size());
    String router = ipv6Routes(cluster.names().vpcNamespace());
    assertThat(router).contains(third + " via ");

    String onNew = podAddress("newcomer", "nodes-3");
    assertThat(Ipv6Cidr.parse(third).block().contains(new IPAddressString(onNew).getAddress()))
        .as(onNew + " in " + third)
        .isTrue();
    String onOld = podAddress("old-timer", "nodes-2");
    for (String to : List.of(onRolled, onOld)) {
      ok(cli.run("exec", "newcomer", "--name", name, "--", "ping", "-6", "-c", "1", "-W", "3", to));
    }
    ok(
        cli.run(
            "exec", "old-timer", "--name", name, "--", "ping", "-6", "-c", "1", "-W", "3", onNew));
    Cli.Result valid = ok(cli.run("validate", "cluster", name));
    assertThat(valid.out()).contains("Your cluster " + name + " is ready");

    // shrink back
    ok(
        cli.env(
                Map.of(
                    "EDITOR", "sed -i -e s/minSize:.3/minSize:\\ 2/ -e s/maxSize:.3/maxSize:\\ 2/"))
            .run("edit", "instancegroup", "--name", name, "nodes"));
    Cli.Result shrink = ok(cli.run("update", "cluster", name, "--yes"));
    assertThat(shrink.out())
        .contains(
            "deleted Instance/nodes-3",
            "deleted VpcIpv6Route/" + third,
            "deleted SourceDestCheckIpv6/nodes-3");
    assertThat(podCidrs()).isEqualTo(first);
    assertThat(ipv6Routes(cluster.names().vpcNamespace())).doesNotContain(third);
    assertThat(sh("ip", "netns", "exec", cluster.names().vpcNamespace(), "nft", "list", "tables"))
        .doesNotContain(LocalInstance.vpcPortOf("nodes-3"));
    assertThat(Files.readString(cluster.state().resolve(name).resolve("ipam/pod-ranges.yaml")))
        .as("the IPAM state")
        .doesNotContain("nodes-3");
    ok(cli.run("validate", "cluster", name));
    assertThat(cli.run("update", "cluster", name, "--yes").out())
        .contains("No changes need to be applied");
    cluster.deleteAndAssertNothingLeftBehind();
  }

  /** Each node's pod range as {@code get nodes -o wide} prints it. */
  Map<String, String> podCidrs() {
    Cli.Result nodes = ok(cli.run("get", "nodes", "--name", name, "-o", "wide"));
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("(?m)^(\\S+)\\s+Ready\\s+\\S+\\s+\\S+\\s+(\\S+)\\s").matcher(nodes.out());
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  String podAddress(String pod, String node) {
    Cli.Result created = ok(cli.run("create", "pod", pod, "--name", name, "--node", node));
    return created.out().replaceAll("(?s).*with address (\\S+).*", "$1").trim();
  }

  /** The {@code n}-th address of an IPv6 prefix. */
  static String host(String prefix, int n) {
    String h = Ipv6Cidr.parse(prefix).subnet(128, BigInteger.valueOf(n)).toString();
    return h.substring(0, h.indexOf('/'));
  }

  /** The table where a test counts what a namespace receives from two sources. */
  static final String COUNTER = "jkt-seen";

  /** Counts, before any other hook, the IPv6 packets the namespace receives from each source. */
  static void count(String ns, String... sources) {
    StringBuilder rules = new StringBuilder();
    for (String s : sources) {
      rules.append("    ip6 saddr ").append(s).append(" counter\n");
    }
    CommandRunner.system()
        .check(
            Command.of(
                    "count packets in " + ns, List.of("ip", "netns", "exec", ns, "nft", "-f", "-"))
                .withStdin(
                    "table inet "
                        + COUNTER
                        + " {\n  chain in {\n    type filter hook prerouting priority -400;\n"
                        + rules
                        + "  }\n}\n"));
  }

  /** Packets the namespace received from {@code source}, by {@link #count}'s counter. */
  static long seen(String ns, String source) {
    String listed = sh("ip", "netns", "exec", ns, "nft", "list", "table", "inet", COUNTER);
    Matcher m =
        Pattern.compile("ip6 saddr " + Pattern.quote(source) + " counter packets (\\d+)")
            .matcher(listed);
    assertThat(m.find()).as(listed).isTrue();
    return Long.parseLong(m.group(1));
  }

  static int ping(String ns, String from, String to) {
    return CommandRunner.system()
        .run(
            Command.of(
                "ping",
                List.of(
                    "ip", "netns", "exec", ns, "ping", "-6", "-c", "2", "-W", "2", "-I", from, to)))
        .exitCode();
  }

  /** Packets the IPv6 source/dest check of the table has dropped, by its counters. */
  static long dropped(String vpc, String table) {
    long n = 0;
    Matcher m =
        Pattern.compile("packets (\\d+) bytes \\d+ drop")
            .matcher(sh("ip", "netns", "exec", vpc, "nft", "list", "table", "bridge", table));
    while (m.find()) {
      n += Long.parseLong(m.group(1));
    }
    return n;
  }

  /** The first IPv6 address of {@code scope} (global or link) on the device, with its prefix. */
  static String ipv6Address(String ns, String dev, String scope) {
    String out = sh("ip", "-n", ns, "-6", "-o", "addr", "show", "dev", dev, "scope", scope);
    Matcher m = Pattern.compile("inet6 (\\S+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1).replaceAll("/.*", "");
  }

  static String ipv6Routes(String ns) {
    return sh("ip", "-n", ns, "-6", "route");
  }

  static String sh(String... argv) {
    return CommandRunner.system().run(Command.of(argv[0], List.of(argv))).stdout();
  }

  static Cli.Result ok(Cli.Result r) {
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }
}
