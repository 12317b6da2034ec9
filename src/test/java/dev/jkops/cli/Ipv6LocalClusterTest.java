package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.Ipv6Cidr;
import dev.jkops.cloud.local.kernel.Command;
import dev.jkops.cloud.local.kernel.CommandRunner;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.NetnsIpv6;
import dev.jkops.model.ipam.Ipv6Prefixes;
import dev.jkops.testing.Ipv6LocalSpec;
import dev.jkops.testing.RequiresRoot;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An IPv6 cluster on the local cloud as a user makes one: kops' form ({@code nonMasqueradeCIDR:
 * ::/0}, subnets with {@code ipv6CIDR: /64#1} and, as kops' minimal-ipv6 writes them, an explicit
 * /64 outside the VPC's block), created from a file, built with {@code update cluster --yes}, and
 * judged by {@code validate cluster}: every pod probe (ICMPv6, TCP, UDP, the full-MTU
 * don't-fragment ping) passes between IPv6 pods across zones, each node's pods are in its own /80,
 * and no namespace has a default route in either family. Then delete leaves nothing behind.
 */
@RequiresRoot
class Ipv6LocalClusterTest {
  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("six");
  final Cli cli = cluster.cli();
  final String name = cluster.name();

  @ParameterizedTest
  @ValueSource(strings = {"calico", "cilium", "kindnet"})
  void anIpv6ClusterIsBuiltAndValidatesGreenOverIpv6WithNoRouteOut(String networking)
      throws Exception {
    Path file =
        Files.writeString(
            cluster.dir().resolve("v6.yaml"), Ipv6LocalSpec.yaml(name, networking + ": {}", 2));
    Cli.Result created = cli.run("create", "-f", file.toString());
    assertThat(created.code()).as(created.toString()).isZero();
    Cli.Result up = cli.run("update", "cluster", name, "--yes");
    assertThat(up.code()).as(up.toString()).isZero();
    // as soon as update returns, no address is still in duplicate address detection: a tentative
    // link-local on a forwarding interface keeps the kernel from soliciting neighbours for
    // forwarded packets, and pod-to-pod across zones failed for the first seconds
    for (String ns : Kernel.system().netns().list(cluster.names().prefix())) {
      assertThat(tentativeIpv6(ns)).as(ns).isBlank();
    }
    Cli.Result again = cli.run("update", "cluster", name, "--yes");
    assertThat(again.out()).as(again.toString()).contains("No changes need to be applied");

    Ipv6Cidr vpcBlock = Ipv6Prefixes.localVpcBlock(cluster.names().id());
    String vpc = vpcBlock.toString();
    // zone-a is /64#1; its first /80 holds the addresses, control-plane-zone-a-1 has the next and
    // nodes-1 the one after; zone-b's nodes-2 the first free /80 of the /64 as written
    Ipv6Cidr nodes1 = Ipv6Cidr.parseRelative("/64#1").within(vpcBlock).subnet(80, BigInteger.TWO);
    // the router routes each node's /80 via the node; nodes route the /56 and the outside /64
    String router = ipv6Routes(cluster.names().vpcNamespace());
    assertThat(router)
        .contains(nodes1 + " via ")
        .contains("2001:db8:0:112:1::/80 via 2001:db8:0:112::");
    String nodeA = ipv6Routes(cluster.names().instanceNamespace("nodes-1"));
    assertThat(nodeA).contains(vpc + " via ").contains("2001:db8:0:112::/64 via ");

    Cli.Result valid = cli.run("validate", "cluster", name);
    assertThat(valid.code()).as(valid.toString()).isZero();
    assertThat(valid.out())
        .contains("Your cluster " + name + " is ready")
        .contains("pod-to-pod, across zones")
        .contains("ICMP 1500B DF")
        .contains("UDP:8081")
        .contains("(2001:db8:0:112:1::")
        .contains("Coverage: 4 of 4 node pairs and 4 of 4 zone pairs");
    var m = EveryModeValidatesTest.PASSED.matcher(valid.out());
    assertThat(m.find()).as(valid.out()).isTrue();
    assertThat(m.group(1)).isEqualTo(m.group(2));

    // no namespace of the cluster has a default route in either family
    Kernel kernel = Kernel.system();
    List<String> namespaces = kernel.netns().list(cluster.names().prefix());
    assertThat(namespaces).hasSizeGreaterThanOrEqualTo(4);
    for (String ns : namespaces) {
      assertThat(new NetnsIpv6(kernel.ip(ns)).defaultRoutes()).as(ns).isEmpty();
      assertThat(ipv6Routes(ns)).as(ns).doesNotContain("default").doesNotContain("::/0");
    }
  }

  static String tentativeIpv6(String ns) {
    return CommandRunner.system()
        .run(
            Command.of(
                "tentative IPv6 addresses of " + ns,
                List.of("ip", "-n", ns, "-6", "addr", "show", "tentative")))
        .stdout();
  }

  static String ipv6Routes(String ns) {
    return CommandRunner.system()
        .run(Command.of("IPv6 routes of " + ns, List.of("ip", "-n", ns, "-6", "route")))
        .stdout();
  }
}
