package dev.jkops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a routed pod path's throughput goes, one part at a time, in namespaces of the benchmark's
 * own: a bare veth pair (the baseline, measured alternately with every row), two veths through a
 * bridge, then the routed path a kubenet packet takes (pod, node with its cbr0 bridge, the VPC
 * router namespace with its subnet bridge, node, pod: four veths, three bridges, three routing
 * decisions) without any nftables, with a ruleset in both nodes that only accepts {@code ct state
 * established,related} (conntrack's cost), with a security group's ruleset of the shape jkops
 * renders for a node (input and forward chains, established first, then address sets), and with the
 * kernel's br_netfilter hooks off ({@code net.bridge.bridge-nf-call-*=0}), which by default pass
 * every bridged frame through the IP hooks.
 */
final class DataPlaneBreakdown {
  private DataPlaneBreakdown() {}

  /** The rows, each a topology the bench builds, and the ruleset loaded in both node namespaces. */
  private record Row(String name, String client, String server, String ruleset, boolean bnfOff) {}

  private static final String CT_ONLY =
      "table inet jk-ct {\n"
          + "  chain forward { type filter hook forward priority filter; policy accept;"
          + " ct state established,related accept; }\n"
          + "}\n";

  /** A node's security group as jkops renders it for kubenet (see InstanceFirewall's ruleset). */
  private static final String SECURITY_GROUP =
      "table inet jk-sg {\n"
          + chain("input-eth0", "input")
          + chain("forward-eth0", "forward")
          + "}\n";

  private static String chain(String name, String hook) {
    return "  chain "
        + name
        + " {\n"
        + "    type filter hook "
        + hook
        + " priority filter; policy accept;\n"
        + "    iifname != \"eth0\" accept\n"
        + "    ct state established,related accept\n"
        + "    ip saddr { 100.96.0.0/24, 172.20.0.4 } accept\n"
        + "    ip saddr { 100.96.1.0-100.96.100.255, 172.20.0.5-172.20.0.54 } accept\n"
        + "    ip saddr 0.0.0.0/0 tcp dport 22 accept\n"
        + "    ip6 saddr ::/0 tcp dport 22 accept\n"
        + "    counter drop\n"
        + "  }\n";
  }

  static String run(String prefix, int rounds, Map<String, Samples> raw) throws IOException {
    List<String> names = new ArrayList<>();
    for (String n : List.of("a", "b", "pa", "n1", "vpc", "n2", "pb")) {
      names.add(prefix + "-" + n);
    }
    String a = prefix + "-a";
    String b = prefix + "-b";
    String pb = prefix + "-pb";
    String n1 = prefix + "-n1";
    String n2 = prefix + "-n2";
    String vpc = prefix + "-vpc";
    MarkdownTable t =
        new MarkdownTable(
            "path (namespaces of the benchmark's own)",
            "Mbit/s",
            "bare veth (Mbit/s)",
            "ratio",
            "ratio range");
    try {
      Shell.run(List.of("bash", "-ec", setup(prefix)), Map.of(), null, 120)
          .check("data-plane breakdown set-up");
      List<Row> rows =
          List.of(
              new Row("two veths through a bridge", b, "10.254.0.1", "", false),
              new Row(
                  "routed path (node, VPC router, node; 4 veths, 3 bridges), no nftables",
                  pb,
                  "100.96.1.2",
                  "",
                  false),
              new Row(
                  "... and bridge-nf-call-iptables off (no br_netfilter hooks)",
                  pb,
                  "100.96.1.2",
                  "",
                  true),
              new Row(
                  "... nodes with a ruleset of only `ct state established,related accept` (conntrack)",
                  pb,
                  "100.96.1.2",
                  CT_ONLY,
                  false),
              new Row(
                  "... nodes with a node security group's ruleset (established first, address sets)",
                  pb,
                  "100.96.1.2",
                  SECURITY_GROUP,
                  false));
      try (DataPlaneBench.Server bare = DataPlaneBench.Server.start(a);
          DataPlaneBench.Server path = DataPlaneBench.Server.start(prefix + "-pa")) {
        for (Row row : rows) {
          for (String node : List.of(n1, n2)) {
            Shell.run("ip", "netns", "exec", node, "nft", "flush", "ruleset").check("nft flush");
            if (!row.ruleset().isEmpty()) {
              Path file = Files.createTempFile("jkops-bench-ruleset", ".nft");
              try {
                Files.writeString(file, row.ruleset(), StandardCharsets.UTF_8);
                Shell.run("ip", "netns", "exec", node, "nft", "-f", file.toString())
                    .check("nft -f in " + node);
              } finally {
                Files.deleteIfExists(file);
              }
            }
          }
          for (String ns : List.of(n1, n2, vpc)) {
            for (String f : List.of("iptables", "ip6tables", "arptables")) {
              Shell.run(
                  "ip",
                  "netns",
                  "exec",
                  ns,
                  "sysctl",
                  "-qw",
                  "net.bridge.bridge-nf-call-" + f + "=" + (row.bnfOff() ? 0 : 1));
            }
          }
          List<Double> x = new ArrayList<>();
          List<Double> base = new ArrayList<>();
          double[] ratios = new double[rounds];
          for (int r = 0; r < rounds; r++) {
            base.add(DataPlaneBench.iperf(b, "10.255.0.1"));
            x.add(DataPlaneBench.iperf(row.client(), row.server()));
            ratios[r] = x.get(r) / base.get(r);
          }
          Samples sr = Samples.of(ratios);
          t.row(
              row.name(),
              MarkdownTable.num(new Samples(x).median(), 0),
              MarkdownTable.num(new Samples(base).median(), 0),
              MarkdownTable.ratio(sr.median()),
              MarkdownTable.ratio(sr.min()) + "-" + MarkdownTable.ratio(sr.max()));
          raw.put("breakdown | " + row.name() + " | ratio", sr);
          raw.put("breakdown | " + row.name() + " | Mbit/s", new Samples(x));
          System.out.println(t.text());
        }
      }
    } finally {
      Shell.deleteNamespaces(names);
    }
    return "Where the routed path's cost is: each row alternates with the bare veth pair, "
        + rounds
        + " rounds, median of the paired ratios (range beside it). Rows after the second add one"
        + " thing to the routed path, whose own cost is the second row.\n\n"
        + t.markdown();
  }

  /** The namespaces, links and routes, in one shell; every name starts with {@code prefix}. */
  static String setup(String p) {
    Map<String, String> ns = new LinkedHashMap<>();
    for (String n : List.of("a", "b", "pa", "n1", "vpc", "n2", "pb")) {
      ns.put(n, p + "-" + n);
    }
    StringBuilder s = new StringBuilder();
    ns.values()
        .forEach(
            n ->
                s.append("ip netns add ")
                    .append(n)
                    .append("\nip -n ")
                    .append(n)
                    .append(" link set lo up\n"));
    String a = ns.get("a");
    String b = ns.get("b");
    String pa = ns.get("pa");
    String pb = ns.get("pb");
    String n1 = ns.get("n1");
    String n2 = ns.get("n2");
    String vpc = ns.get("vpc");
    s.append(
        String.join(
            "\n",
            // the bare pair
            "ip -n " + a + " link add veth0 type veth peer name veth0 netns " + b,
            "ip -n " + a + " addr add 10.255.0.1/30 dev veth0",
            "ip -n " + b + " addr add 10.255.0.2/30 dev veth0",
            "ip -n " + a + " link set veth0 up",
            "ip -n " + b + " link set veth0 up",
            // two veths through a bridge (in the VPC namespace, on a bridge of its own)
            "ip -n " + a + " link add vbr type veth peer name ba netns " + vpc,
            "ip -n " + b + " link add vbr type veth peer name bb netns " + vpc,
            "ip -n " + vpc + " link add brx type bridge",
            "ip -n " + vpc + " link set ba master brx",
            "ip -n " + vpc + " link set bb master brx",
            "ip -n " + a + " addr add 10.254.0.1/24 dev vbr",
            "ip -n " + b + " addr add 10.254.0.2/24 dev vbr",
            // the routed path: pa -(veth)- n1[cbr0] -(veth)- vpc[subnet bridge] -(veth)- n2[cbr0]
            // -(veth)- pb
            "ip -n " + pa + " link add eth0 type veth peer name vpa netns " + n1,
            "ip -n " + pb + " link add eth0 type veth peer name vpb netns " + n2,
            "ip -n " + n1 + " link add eth0 type veth peer name i1 netns " + vpc,
            "ip -n " + n2 + " link add eth0 type veth peer name i2 netns " + vpc,
            "ip -n " + n1 + " link add cbr0 type bridge",
            "ip -n " + n2 + " link add cbr0 type bridge",
            "ip -n " + n1 + " link set vpa master cbr0",
            "ip -n " + n2 + " link set vpb master cbr0",
            "ip -n " + vpc + " link add subnet0 type bridge",
            "ip -n " + vpc + " link set i1 master subnet0",
            "ip -n " + vpc + " link set i2 master subnet0",
            "for l in '"
                + vpc
                + " ba' '"
                + vpc
                + " bb' '"
                + vpc
                + " brx' '"
                + a
                + " vbr' '"
                + b
                + " vbr' '"
                + n1
                + " vpa' '"
                + n1
                + " eth0' '"
                + n1
                + " cbr0' '"
                + n2
                + " vpb' '"
                + n2
                + " eth0' '"
                + n2
                + " cbr0' '"
                + vpc
                + " i1' '"
                + vpc
                + " i2' '"
                + vpc
                + " subnet0' '"
                + pa
                + " eth0' '"
                + pb
                + " eth0'; do set -- $l; ip -n $1 link set"
                + " $2 up; done",
            "ip -n " + vpc + " addr add 172.20.0.1/17 dev subnet0",
            "ip -n " + pa + " addr add 100.96.1.2/24 dev eth0",
            "ip -n " + pa + " route add default via 100.96.1.1",
            "ip -n " + pb + " addr add 100.96.2.2/24 dev eth0",
            "ip -n " + pb + " route add default via 100.96.2.1",
            "ip -n " + n1 + " addr add 100.96.1.1/24 dev cbr0",
            "ip -n " + n1 + " addr add 172.20.0.5/17 dev eth0",
            "ip -n " + n1 + " route add 100.96.0.0/11 via 172.20.0.1",
            "ip -n " + n2 + " addr add 100.96.2.1/24 dev cbr0",
            "ip -n " + n2 + " addr add 172.20.0.6/17 dev eth0",
            "ip -n " + n2 + " route add 100.96.0.0/11 via 172.20.0.1",
            "ip -n " + vpc + " route add 100.96.1.0/24 via 172.20.0.5",
            "ip -n " + vpc + " route add 100.96.2.0/24 via 172.20.0.6",
            "for n in "
                + n1
                + " "
                + n2
                + " "
                + vpc
                + "; do ip netns exec $n sysctl -qw net.ipv4.ip_forward=1; done",
            ""));
    return s.toString();
  }
}
