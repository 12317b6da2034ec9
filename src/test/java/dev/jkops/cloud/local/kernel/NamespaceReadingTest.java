package dev.jkops.cloud.local.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.testing.RequiresRoot;
import dev.jkops.testing.ThrowawayNamespaces;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One reading of a namespace gives what the separate reads give, against the real kernel in
 * throwaway jk-t<random>- namespaces.
 */
@RequiresRoot
class NamespaceReadingTest {
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
  void oneReadingGivesWhatTheSeparateReadsGive() {
    kernel.netns().add(a);
    kernel.netns().add(b);
    NetnsIp ip = kernel.ip(a);
    ip.addVeth("eth0", b, "eth0", 1450);
    ip.addAddress("eth0", "10.9.0.5/24");
    ip.setUp("eth0");
    ip.addBridge("cbr0", 1500);
    ip.setAlias("cbr0", "jk node-bridge=cbr0");
    ip.addAddress("cbr0", "100.96.7.1/24");
    ip.setUp("cbr0");
    ip.replaceRoute(KernelRoute.via("100.96.0.0/11", "10.9.0.1"));
    ip.sysctls(
        "route",
        List.of(
            "net.ipv4.ip_forward=1",
            "net.ipv4.conf.all.rp_filter=0",
            "net.ipv4.conf.default.rp_filter=0"));

    NamespaceReading r = NamespaceReading.of(kernel.runner(), a);

    assertThat(withoutTimers(r.links())).isEqualTo(withoutTimers(ip.links()));
    assertThat(r.link("cbr0").orElseThrow().alias()).isEqualTo("jk node-bridge=cbr0");
    assertThat(r.addresses("eth0")).isEqualTo(ip.addresses("eth0")).containsExactly("10.9.0.5/24");
    assertThat(r.addresses("cbr0")).containsExactly("100.96.7.1/24");
    assertThat(r.ipv6Addresses("cbr0")).isEmpty(); // link-local only
    assertThat(r.routes()).isEqualTo(ip.routes(0));
    assertThat(r.routes())
        .anySatisfy(
            route -> {
              assertThat(route.destination()).isEqualTo("100.96.0.0/11");
              assertThat(route.via()).isEqualTo("10.9.0.1");
            });
    assertThat(r.routesIpv4()).isTrue();
    assertThat(r.proxyArp("eth0")).isFalse();

    // each setting the reading checks, turned back one at a time
    ip.sysctl("net.ipv4.conf.default.rp_filter", "2");
    assertThat(NamespaceReading.of(kernel.runner(), a).routesIpv4()).isFalse();
    ip.sysctl("net.ipv4.conf.default.rp_filter", "0");
    ip.sysctl("net.ipv4.ip_forward", "0");
    assertThat(NamespaceReading.of(kernel.runner(), a).routesIpv4()).isFalse();
    ip.sysctl("net.ipv4.conf.eth0.proxy_arp", "1");
    assertThat(NamespaceReading.of(kernel.runner(), a).proxyArp("eth0")).isTrue();
    assertThat(
            ip.exec("read", Duration.ofSeconds(10), "sysctl", "-n", "net.ipv4.conf.eth0.proxy_arp")
                .stdout()
                .strip())
        .isEqualTo("1");
  }

  /** The links without the bridge's running timers (gc_timer counts down between two reads). */
  private static List<Link> withoutTimers(List<Link> links) {
    return links.stream()
        .map(
            l -> {
              java.util.Map<String, String> info = new java.util.TreeMap<>(l.info());
              info.keySet().removeIf(k -> k.endsWith("_timer"));
              return new Link(
                  l.name(), l.kind(), l.mtu(), l.up(), l.master(), l.mac(), l.alias(), info);
            })
        .toList();
  }

  @Test
  void aMissingNamespaceIsAnErrorNamingIt() {
    assertThatThrownBy(() -> NamespaceReading.of(kernel.runner(), prefix + "gone"))
        .isInstanceOf(KernelException.class)
        .hasMessageContaining(prefix + "gone");
  }

  @Test
  void outputThatIsNotThreeListingsIsRefused() {
    assertThatThrownBy(() -> NamespaceReading.parse("ns", "read ns", "[]\n[]\n"))
        .isInstanceOf(KernelException.class)
        .hasMessageContaining("2 listings, not 3");
    assertThatThrownBy(() -> NamespaceReading.parse("ns", "read ns", "[{\"ifname\":"))
        .isInstanceOf(KernelException.class)
        .hasMessageContaining("cannot read");
  }
}
