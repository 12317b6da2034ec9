package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.PeerData;
import dev.jkops.cloud.local.etcd.EtcdControlPlane;
import dev.jkops.cloud.local.kernel.Command;
import dev.jkops.cloud.local.kernel.CommandRunner;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.NetnsIpv6;
import dev.jkops.cloud.local.resources.LocalInstance;
import dev.jkops.cloud.local.resources.Subnet;
import dev.jkops.cloud.local.runtime.EtcdRuntimeStore;
import dev.jkops.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kops' own IPv6 clusters on the local cloud, as kops lays them out: the nodes in IPv6-only Private
 * subnets (an {@code ipv6CIDR} and no {@code cidr}), the control plane in a DualStack one, utility
 * subnets beside them ({@code shared/peer/kops-current/update_cluster/minimal-ipv6-*}'s {@code
 * in-v1alpha2.yaml}, with {@code cloudProvider: local} for {@code aws} and the cluster's own name:
 * nothing else changed). {@code create -f}, {@code update cluster --yes}, {@code validate cluster}
 * and {@code delete cluster --yes} work; the kernel shows the IPv6-only instances with no IPv4
 * address or route at all, so an instance that quietly fell back to IPv4 fails here; and no
 * namespace has a default route in either family. A second layout puts an HA control plane in the
 * IPv6-only subnets: etcd's members listen and peer on IPv6 only and keep their quorum.
 */
@RequiresRoot
class Ipv6OnlyLocalClusterTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("v6only");
  final Cli cli = cluster.cli();
  final String name = cluster.name();

  /** kops' spec for {@code kase}, for the local cloud: its cloud and its name, nothing else. */
  String kopsSpec(String kase) throws IOException {
    Path in =
        PeerData.kops()
            .resolveSibling("kops-current")
            .resolve("update_cluster")
            .resolve(kase)
            .resolve("in-v1alpha2.yaml");
    String yaml = Files.readString(in);
    assertThat(yaml)
        .contains("cloudProvider: aws", "nonMasqueradeCIDR: ::/0")
        .contains("- ipv6CIDR: 2001:db8:0:111::/64\n    name: us-test-1a\n    type: Private");
    return yaml.replace("cloudProvider: aws", "cloudProvider: local")
        .replace("minimal-ipv6.example.com", name);
  }

  Cli.Result up(String spec) throws IOException {
    Path file = Files.writeString(cluster.dir().resolve("ipv6-only.yaml"), spec);
    Cli.Result created = cli.run("create", "-f", file.toString());
    assertThat(created.code()).as(created.toString()).isZero();
    Cli.Result up = cli.run("update", "cluster", name, "--yes");
    assertThat(up.code()).as(up.toString()).isZero();
    // the IPv6-only subnets and instances read back as built: a rerun changes nothing
    Cli.Result again = cli.run("update", "cluster", name, "--yes");
    assertThat(again.out()).as(again.toString()).contains("No changes need to be applied");
    return up;
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimal-ipv6-calico@HEAD", "minimal-ipv6-cilium@HEAD"})
  void kopsIpv6ClusterRunsWithItsNodesInIpv6OnlySubnetsAndValidatesOverIpv6(String kase)
      throws Exception {
    up(kopsSpec(kase));

    // the nodes (us-test-1a, us-test-1b: Private, IPv6 only) have their IPv6 address and nothing
    // of IPv4; the control plane (dualstack-us-test-1a) has both
    assertIpv6Only("nodes-1", "2001:db8:0:111::4/80");
    assertIpv6Only("nodes-2", "2001:db8:0:112::4/80");
    String master = cluster.names().instanceNamespace("master-us-test-1a-1");
    assertThat(ip(master, "-4", "addr", "show", "dev", "eth0")).contains("172.20.32.4/19");
    assertThat(ip(master, "-6", "addr", "show", "dev", "eth0")).contains("2001:db8:0:113::4/80");
    // the VPC router holds an IPv6-only subnet's ::1 and no IPv4 address on its bridge
    String vpc = cluster.names().vpcNamespace();
    String bridge = Subnet.bridgeOf("us-test-1a");
    assertThat(ip(vpc, "-6", "addr", "show", "dev", bridge)).contains("2001:db8:0:111::1/64");
    assertThat(ip(vpc, "-4", "addr", "show", "dev", bridge)).doesNotContain("inet ");

    // what kubectl and get nodes see: the nodes' InternalIP is IPv6, in the etcd node records too
    Cli.Result nodes = cli.run("get", "nodes", "-o", "wide", "--name", name);
    assertThat(nodes.code()).as(nodes.toString()).isZero();
    assertThat(row(nodes.out(), "nodes-1")).contains(" 2001:db8:0:111::4 ");
    assertThat(row(nodes.out(), "nodes-2")).contains(" 2001:db8:0:112::4 ");
    assertThat(row(nodes.out(), "master-us-test-1a-1")).contains(" 172.20.32.4 ");
    SortedMap<String, String> records =
        new EtcdRuntimeStore(EtcdControlPlane.existing(cluster.names().runtimeDir()).orElseThrow())
            .list("/registry/minions/");
    assertThat(records.get("/registry/minions/nodes-1"))
        .contains("\"type\":\"InternalIP\",\"address\":\"2001:db8:0:111::4\"");

    Cli.Result valid = cli.run("validate", "cluster", name);
    assertThat(valid.code()).as(valid.toString()).isZero();
    assertThat(valid.out())
        .contains("Your cluster " + name + " is ready")
        .contains("pod-to-pod, across zones")
        .contains("node-to-pod")
        .contains("ICMP 1500B DF")
        // the pods are in the nodes' /80s of the IPv6-only subnets
        .contains("(2001:db8:0:111:1::")
        .contains("(2001:db8:0:112:1::");
    var m = EveryModeValidatesTest.PASSED.matcher(valid.out());
    assertThat(m.find()).as(valid.out()).isTrue();
    assertThat(m.group(1)).isEqualTo(m.group(2));

    assertNoDefaultRouteInEitherFamily();
    deleteLeavesNothing();
  }

  @Test
  void anHaControlPlaneInIpv6OnlySubnetsRunsEtcdOverIpv6() throws Exception {
    // kops' calico case with its control plane moved to the IPv6-only subnets, three members
    String spec = kopsSpec("minimal-ipv6-calico@HEAD");
    List<String> docs = new ArrayList<>();
    for (String doc : spec.split("\n---\n")) {
      if (doc.contains("role: Master")) {
        doc =
            doc.replace("maxSize: 1", "maxSize: 3")
                .replace("minSize: 1", "minSize: 3")
                .replace("  - dualstack-us-test-1a", "  - us-test-1a\n  - us-test-1b");
        assertThat(doc).contains("minSize: 3", "  - us-test-1b");
      }
      docs.add(doc);
    }
    // and a bastion in an IPv6-only subnet, behind the VPC's source/dest check as every bastion is
    docs.add(
        """
        apiVersion: kops.k8s.io/v1alpha2
        kind: InstanceGroup
        metadata:
          name: bastions
          labels:
            kops.k8s.io/cluster: NAME
        spec:
          machineType: t3.micro
          maxSize: 1
          minSize: 1
          role: Bastion
          subnets:
          - us-test-1b
        """
            .replace("NAME", name));
    up(String.join("\n---\n", docs));

    // masters 1 and 3 in us-test-1a, 2 in us-test-1b; the nodes after the masters' block
    assertIpv6Only("master-us-test-1a-1", "2001:db8:0:111::4/80");
    assertIpv6Only("master-us-test-1a-2", "2001:db8:0:112::4/80");
    assertIpv6Only("master-us-test-1a-3", "2001:db8:0:111::5/80");
    assertIpv6Only("nodes-1", "2001:db8:0:111::7/80");
    // each member listens for its peers on its IPv6 address, and only there
    String ns = cluster.names().instanceNamespace("master-us-test-1a-2");
    String listening =
        CommandRunner.system()
            .run(Command.of("sockets of " + ns, List.of("ip", "netns", "exec", ns, "ss", "-ltnH")))
            .stdout();
    assertThat(listening).contains("[2001:db8:0:112::4]:2380");

    Cli.Result valid = cli.run("validate", "cluster", name);
    assertThat(valid.code()).as(valid.toString()).isZero();
    assertThat(valid.out())
        .contains("Your cluster " + name + " is ready")
        .containsPattern(
            "ETCD \\(3 of 3 members healthy \\(quorum 2\\), leader master-us-test-1a-\\d\\)")
        .containsPattern("master-us-test-1a-2\\s+2001:db8:0:112::4\\s+True\\s+True");
    Cli.Result nodes = cli.run("get", "nodes", "-o", "wide", "--name", name);
    assertThat(row(nodes.out(), "master-us-test-1a-3")).contains(" 2001:db8:0:111::5 ");

    // the bastion (after the masters' and nodes' blocks of us-test-1b) is IPv6 only, behind the
    // VPC's source/dest check; a node's SYN to its ssh port (kops' sshAccess ::/0) reaches it and
    // its reset comes back through the check: refused, not timed out
    assertIpv6Only("bastions-1", "2001:db8:0:112::9/80");
    String vpcTables =
        CommandRunner.system()
            .run(
                Command.of(
                    "VPC tables",
                    List.of(
                        "ip",
                        "netns",
                        "exec",
                        cluster.names().vpcNamespace(),
                        "nft",
                        "list",
                        "tables")))
            .stdout();
    assertThat(vpcTables).contains("bridge jk-sdc-" + LocalInstance.vpcPortOf("bastions-1"));
    var ssh =
        CommandRunner.system()
            .run(
                Command.of(
                    "ssh port of the bastion",
                    List.of(
                        "ip",
                        "netns",
                        "exec",
                        cluster.names().instanceNamespace("nodes-1"),
                        "timeout",
                        "5",
                        "bash",
                        "-c",
                        "exec 3<>/dev/tcp/2001:db8:0:112::9/22")));
    assertThat(ssh.stderr()).as(ssh.toString()).contains("Connection refused");

    assertNoDefaultRouteInEitherFamily();
    deleteLeavesNothing();
  }

  /** The instance's eth0 holds {@code address} and no IPv4 address; it has no IPv4 route. */
  void assertIpv6Only(String instance, String address) {
    String ns = cluster.names().instanceNamespace(instance);
    assertThat(ip(ns, "-6", "addr", "show", "dev", "eth0")).as(instance).contains(address);
    assertThat(ip(ns, "-4", "addr", "show", "dev", "eth0"))
        .as(instance + " has an IPv4 address")
        .doesNotContain("inet ");
    assertThat(ip(ns, "-4", "route", "show", "table", "all"))
        .as(instance + "'s IPv4 routes")
        .doesNotContain("eth0");
    // it reaches the rest of the VPC over IPv6 through its subnet's router
    assertThat(ip(ns, "-6", "route", "show")).as(instance).contains("via ").contains("dev eth0");
  }

  void assertNoDefaultRouteInEitherFamily() {
    Kernel kernel = Kernel.system();
    List<String> namespaces = kernel.netns().list(cluster.names().prefix());
    assertThat(namespaces).hasSizeGreaterThanOrEqualTo(4);
    for (String ns : namespaces) {
      assertThat(new NetnsIpv6(kernel.ip(ns)).defaultRoutes()).as(ns).isEmpty();
      assertThat(ip(ns, "-6", "route", "show", "table", "all"))
          .as(ns)
          .doesNotContain("default")
          .doesNotContain("::/0");
    }
  }

  void deleteLeavesNothing() {
    Cli.Result deleted = cli.run("delete", "cluster", name, "--yes");
    assertThat(deleted.code()).as(deleted.toString()).isZero();
    assertThat(Kernel.system().netns().list(cluster.names().prefix())).isEmpty();
  }

  static String row(String table, String first) {
    return table
        .lines()
        .filter(l -> l.split("\\s+")[0].equals(first))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + first + " in\n" + table))
        .replaceAll("\\s+", " ")
        .concat(" ");
  }

  static String ip(String ns, String... args) {
    List<String> argv = new ArrayList<>(List.of("ip", "-n", ns));
    argv.addAll(List.of(args));
    return CommandRunner.system().run(Command.of("ip in " + ns, argv)).stdout();
  }
}
