package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.Link;
import dev.jkops.cloud.local.kernel.NetnsIp;
import dev.jkops.cloud.local.resources.Subnet;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.testing.RequiresRoot;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Why a rolling-update (and validate's own test pods) no longer cost traffic between pods that are
 * not moving: every bridge the local cloud makes keeps its MAC as ports come and go, and a replaced
 * instance comes back with its predecessor's MACs, so no neighbour is left with a stale ARP entry
 * (which cost a second or more of lost pings in the migration table before).
 */
@RequiresRoot
class StableMacTest {
  /**
   * Lower than any MAC the kernel or a CNI plugin picks at random (theirs are 02:xx with random
   * bytes).
   */
  static final String LOWEST_MAC = "02:00:00:00:00:01";

  @RegisterExtension final LocalClusterFixture cluster = new LocalClusterFixture("mac");
  final Cli cli = cluster.cli();
  final String name = cluster.name();
  final ClusterNames names = cluster.names();
  final Kernel kernel = Kernel.system();

  @Test
  void bridgesKeepTheirMacAsPortsComeAndGoAndAReplacedInstanceAnswersAtItsOldMac() {
    ok(
        cli.run(
            "create",
            "cluster",
            name,
            "--zones",
            "zone-a,zone-b",
            "--node-count",
            "2",
            "--networking",
            "kubenet"));
    ok(cli.run("update", "cluster", name, "--yes"));

    String node = names.instanceNamespace("nodes-zone-a-1");
    NetnsIp vpc = kernel.ip(names.vpcNamespace());
    NetnsIp nodeIp = kernel.ip(node);
    String subnetBridge = Subnet.bridgeOf("zone-a");
    // a port with the lowest MAC joins each bridge and leaves again, as a pod's veth or an
    // instance's port does
    assertThat(macWhileALowPortComesAndGoes(nodeIp, "cbr0")).as("the node's pod bridge").isEmpty();
    assertThat(macWhileALowPortComesAndGoes(vpc, subnetBridge))
        .as("the VPC subnet's bridge")
        .isEmpty();

    String eth0Before = nodeIp.link("eth0").orElseThrow().mac();
    String portBefore = vpcPortMac(vpc, "nodes-zone-a-1");
    String nodeAddress = kernel.ip(node).addresses("eth0").get(0).replaceAll("/.*", "");
    // traffic from the other zone goes through the VPC router, which caches the node's MAC
    exec(names.instanceNamespace("nodes-zone-b-1"), "ping", "-c", "1", "-W", "2", nodeAddress);
    ok(
        cli.run(
            "rolling-update",
            "cluster",
            name,
            "--yes",
            "--force",
            "--instance-group",
            "nodes-zone-a",
            "--node-interval",
            "0s",
            "--validate-count",
            "1"));

    assertThat(kernel.ip(node).link("eth0").orElseThrow().mac())
        .as("the replacement's eth0")
        .isEqualTo(eth0Before);
    assertThat(vpcPortMac(vpc, "nodes-zone-a-1"))
        .as("the replacement's VPC port")
        .isEqualTo(portBefore);
    // what the VPC router cached for the node before is still where the node answers
    String cached =
        kernel
            .ip(names.vpcNamespace())
            .exec(
                "neighbour",
                java.time.Duration.ofSeconds(10),
                "ip",
                "-4",
                "neigh",
                "show",
                "to",
                nodeAddress)
            .stdout();
    assertThat(cached).contains("lladdr " + eth0Before);
  }

  /**
   * The MACs the bridge had other than its first while a veth with the lowest MAC joined and left
   * it.
   */
  private List<String> macWhileALowPortComesAndGoes(NetnsIp ip, String bridge) {
    String before = ip.link(bridge).orElseThrow().mac();
    String ns = ip.namespace();
    exec(
        ns,
        "ip",
        "link",
        "add",
        "jkmactest0",
        "address",
        LOWEST_MAC,
        "type",
        "veth",
        "peer",
        "name",
        "jkmactest1");
    exec(ns, "ip", "link", "set", "jkmactest0", "master", bridge);
    exec(ns, "ip", "link", "set", "jkmactest0", "up");
    String joined = ip.link(bridge).orElseThrow().mac();
    exec(ns, "ip", "link", "del", "jkmactest0");
    String left = ip.link(bridge).orElseThrow().mac();
    return java.util.stream.Stream.of(joined, left).filter(m -> !m.equals(before)).toList();
  }

  private String vpcPortMac(NetnsIp vpc, String instance) {
    return vpc.link(dev.jkops.cloud.local.resources.LocalInstance.vpcPortOf(instance))
        .map(Link::mac)
        .orElseThrow();
  }

  private void exec(String ns, String... argv) {
    assertThat(kernel.ip(ns).exec("test port", java.time.Duration.ofSeconds(10), argv).ok())
        .as(String.join(" ", argv))
        .isTrue();
  }

  private static Cli.Result ok(Cli.Result r) {
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }
}
