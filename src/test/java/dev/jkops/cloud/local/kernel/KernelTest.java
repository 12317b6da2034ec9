package dev.jkops.cloud.local.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.testing.RequiresRoot;
import dev.jkops.testing.ThrowawayNamespaces;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wrappers against the real kernel, in throwaway jk-t<random>- namespaces. */
@RequiresRoot
class KernelTest {
  final Kernel kernel = Kernel.system();
  final ThrowawayNamespaces namespaces = new ThrowawayNamespaces();
  final String prefix = namespaces.prefix();
  final String a = prefix + "a";
  final String b = prefix + "b";

  @AfterEach
  void removeEverything() {
    namespaces.removeAll();
  }

  @Test
  void vethAcrossNamespacesCarriesPingsAndNftCanDropThem() {
    kernel.netns().add(a);
    kernel.netns().add(b);
    assertThat(kernel.netns().list(prefix)).containsExactly(a, b);
    NetnsIp ipa = kernel.ip(a);
    NetnsIp ipb = kernel.ip(b);
    ipa.addVeth("eth0", b, "eth0", 1500);
    ipa.addAddress("eth0", "10.9.0.1/24");
    ipb.addAddress("eth0", "10.9.0.2/24");
    ipa.setUp("eth0");
    ipb.setUp("eth0");
    assertThat(ipa.addresses("eth0")).containsExactly("10.9.0.1/24");
    assertThat(ipb.link("eth0")).hasValueSatisfying(l -> assertThat(l.kind()).isEqualTo("veth"));
    assertThat(ping(a, "10.9.0.2")).isTrue();

    kernel
        .nft()
        .apply(
            b,
            "drop pings",
            """
        table inet jk-test {
          chain input { type filter hook input priority 0; policy accept; icmp type echo-request drop; }
        }
        """);
    assertThat(kernel.nft().tables(b)).contains("inet jk-test");
    assertThat(ping(a, "10.9.0.2")).isFalse();
    kernel.nft().deleteTable(b, "inet", "jk-test");
    assertThat(ping(a, "10.9.0.2")).isTrue();
  }

  @Test
  void bridgeRoutesRulesAndSysctls() {
    kernel.netns().add(a);
    kernel.netns().add(b);
    NetnsIp ipa = kernel.ip(a);
    ipa.addBridge("br-s1", 1500);
    ipa.addVeth("vi1", b, "eth0", 1500);
    ipa.setMaster("vi1", "br-s1");
    ipa.setUp("vi1");
    ipa.setUp("br-s1");
    ipa.setAlias("br-s1", "jk subnet=us-test-1a");
    assertThat(ipa.link("br-s1").orElseThrow().alias()).isEqualTo("jk subnet=us-test-1a");
    ipa.addAddress("br-s1", "10.9.0.1/24");
    ipa.sysctl("net.ipv4.ip_forward", "1");
    ipa.batch(
        "add routes",
        List.of(
            "route replace 10.200.1.0/24 via 10.9.0.2 table 101",
            "route replace 10.200.2.0/24 via 10.9.0.3 table 101"));
    ipa.addRule(1001, "br-s1", 101);
    assertThat(ipa.routes(101))
        .extracting(KernelRoute::destination)
        .containsExactly("10.200.1.0/24", "10.200.2.0/24");
    assertThat(ipa.rules()).containsExactly("1001 iif br-s1 lookup 101");
    ipa.deleteRoute(KernelRoute.via("10.200.2.0/24", "10.9.0.3").inTable(101));
    ipa.deleteRoute(KernelRoute.via("10.200.2.0/24", "10.9.0.3").inTable(101));
    assertThat(ipa.routes(101)).hasSize(1);
    assertThat(ipa.link("vi1")).hasValueSatisfying(l -> assertThat(l.master()).hasValue("br-s1"));
    CommandResult forward =
        ipa.exec("read ip_forward", Duration.ofSeconds(5), "cat", "/proc/sys/net/ipv4/ip_forward");
    assertThat(forward.stdout().trim()).isEqualTo("1");
  }

  @Test
  void vxlanWithStaticForwardingEntriesCarriesPings() {
    kernel.netns().add(a);
    kernel.netns().add(b);
    kernel.ip(a).addVeth("eth0", b, "eth0", 1500);
    for (String[] n :
        new String[][] {
          {a, "10.9.0.1", "10.244.1.0", "0e:6a:0a:09:00:01"},
          {b, "10.9.0.2", "10.244.2.0", "0e:6a:0a:09:00:02"}
        }) {
      NetnsIp ip = kernel.ip(n[0]);
      ip.addAddress("eth0", n[1] + "/24");
      ip.setUp("eth0");
      ip.addVxlan("vx1", n[3], 1, 8472, n[1], "eth0", 1450);
      ip.addAddress("vx1", n[2] + "/32");
      ip.setUp("vx1");
    }
    String macA = kernel.ip(a).link("vx1").orElseThrow().mac();
    String macB = kernel.ip(b).link("vx1").orElseThrow().mac();
    kernel.ip(a).appendFdb(macB, "vx1", "10.9.0.2");
    kernel.ip(a).replaceNeighbour("10.244.2.0", macB, "vx1");
    kernel.ip(a).replaceRoute(new KernelRoute("10.244.2.0/24", "10.244.2.0", "vx1", 0, true));
    kernel.ip(b).appendFdb(macA, "vx1", "10.9.0.1");
    kernel.ip(b).replaceNeighbour("10.244.1.0", macA, "vx1");
    kernel.ip(b).replaceRoute(new KernelRoute("10.244.1.0/24", "10.244.1.0", "vx1", 0, true));
    assertThat(kernel.ip(a).fdb("vx1")).containsExactly(macB + " dst 10.9.0.2");
    assertThat(macA).isEqualTo("0e:6a:0a:09:00:01");
    assertThat(kernel.ip(a).link("vx1").orElseThrow().mtu()).isEqualTo(1450);
    assertThat(kernel.ip(a).link("vx1").orElseThrow().info())
        .containsEntry("id", "1")
        .containsEntry("port", "8472");
    assertThat(kernel.ip(a).neighbours("vx1")).containsExactly("10.244.2.0 lladdr " + macB);
    CommandResult r =
        kernel
            .ip(a)
            .exec(
                "ping over vxlan",
                Duration.ofSeconds(5),
                "ping",
                "-c",
                "1",
                "-W",
                "1",
                "-I",
                "10.244.1.0",
                "10.244.2.0");
    assertThat(r.ok()).as(r.stdout() + r.stderr()).isTrue();
  }

  @Test
  void cniBridgePluginGivesAPodAnAddressFromItsRange(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dataDir) {
    kernel.netns().add(a);
    String pod = prefix + "pod1";
    kernel.netns().add(pod);
    String conf =
        """
        {"cniVersion":"0.4.0","name":"test","type":"bridge","bridge":"cbr0","isGateway":true,
         "ipam":{"type":"host-local","subnet":"10.244.7.0/24","dataDir":"%s"}}
        """
            .formatted(dataDir);
    String result =
        kernel
            .cni()
            .invoke(a, new CniPlugin.Request("ADD", "pod1", "/run/netns/" + pod, "eth0"), conf);
    assertThat(result).contains("10.244.7.2/24");
    assertThat(kernel.ip(pod).addresses("eth0")).containsExactly("10.244.7.2/24");
    CommandResult ping =
        kernel
            .ip(a)
            .exec("ping pod", Duration.ofSeconds(5), "ping", "-c", "1", "-W", "1", "10.244.7.2");
    assertThat(ping.ok()).isTrue();
    kernel.cni().invoke(a, new CniPlugin.Request("DEL", "pod1", "/run/netns/" + pod, "eth0"), conf);
    assertThat(kernel.ip(pod).link("eth0")).isEmpty();
  }

  boolean ping(String ns, String addr) {
    return kernel
        .ip(ns)
        .exec("ping " + addr, Duration.ofSeconds(5), "ping", "-c", "1", "-W", "1", addr)
        .ok();
  }
}
