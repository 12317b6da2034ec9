package dev.jkops.cloud.local.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.testing.RequiresRoot;
import dev.jkops.testing.ThrowawayNamespaces;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Batched changes against the real iproute2, in throwaway jk-t<random>- namespaces: a failing line
 * is named, a bridge a killed run left is finished, and changes made at once share processes
 * without losing any or mixing up whose line failed.
 */
@RequiresRoot
class BatchedChangesTest {
  final List<Command> ran = Collections.synchronizedList(new ArrayList<>());
  final CommandRunner counting =
      c -> {
        ran.add(c);
        return CommandRunner.system().run(c);
      };
  final Kernel kernel = new Kernel(counting).groupingBatches();
  final ThrowawayNamespaces namespaces = new ThrowawayNamespaces();
  final String prefix = namespaces.prefix();
  final String a = prefix + "a";

  @AfterEach
  void removeEverything() {
    namespaces.removeAll();
  }

  @Test
  void aFailedBatchNamesItsLineAndWhatIpSaid() {
    kernel.netns().add(a);
    NetnsIp ip = kernel.ip(a);
    assertThatThrownBy(
            () ->
                ip.batch(
                    "attach instance n1",
                    List.of("link add br-x type bridge", "addr replace 10.9.0.1/24 dev br-nosuch")))
        .isInstanceOf(KernelException.class)
        .hasMessageContaining("could not attach instance n1 in " + a)
        .hasMessageContaining("at line 2 of 2 (`addr replace 10.9.0.1/24 dev br-nosuch`)")
        .hasMessageContaining("Cannot find device");
    // ip stopped at that line, after the first
    assertThat(ip.link("br-x")).isPresent();
  }

  @Test
  void aBridgeLeftHalfMadeIsFinishedAndANewOneTakesOneProcess() {
    kernel.netns().add(a);
    NetnsIp ip = kernel.ip(a);
    ran.clear();
    ip.finishBridge("br-s1", 1500, "0a:6a:ac:14:00:01", 0, 1400, "jk subnet=a", "10.9.0.1/24");
    assertThat(ran).hasSize(1);
    Link made = ip.link("br-s1").orElseThrow();
    assertThat(made.up()).isTrue();
    assertThat(made.mtu()).isEqualTo(1500);
    assertThat(made.alias()).isEqualTo("jk subnet=a");
    assertThat(ip.addresses("br-s1")).containsExactly("10.9.0.1/24");

    // as a run killed right after the bridge's link add leaves it: no label, address or state
    Kernel.system().ip(a).deleteLink("br-s1");
    Kernel.system().ip(a).addBridge("br-s1", 1500, "0a:6a:ac:14:00:01");
    ip.finishBridge("br-s1", 1500, "0a:6a:ac:14:00:01", 0, 1400, "jk subnet=a", "10.9.0.1/24");
    Link finished = ip.link("br-s1").orElseThrow();
    assertThat(finished.up()).isTrue();
    assertThat(finished.mtu()).isEqualTo(1400);
    assertThat(finished.alias()).isEqualTo("jk subnet=a");
    assertThat(ip.addresses("br-s1")).containsExactly("10.9.0.1/24");
  }

  @Test
  void changesMadeAtOnceAreAllAppliedAndOnlyTheFailingOneFails() throws Exception {
    kernel.netns().add(a);
    kernel.ip(a).addBridge("br-s1", 1500);
    kernel.ip(a).addAddress("br-s1", "10.9.0.1/24");
    kernel.ip(a).setUp("br-s1");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> routes = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        int n = i;
        routes.add(
            pool.submit(
                () ->
                    kernel
                        .ip(a)
                        .replaceRoute(
                            KernelRoute.via("100.96." + n + ".0/24", "10.9.0." + (n + 2))
                                .inTable(100))));
      }
      Future<?> bad =
          pool.submit(
              () ->
                  kernel
                      .ip(a)
                      .batch(
                          "route pods of n-bad",
                          List.of("route replace 100.97.0.0/24 via 10.200.0.9 table 100")));
      for (Future<?> f : routes) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThatThrownBy(() -> bad.get(60, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(KernelException.class)
          .hasMessageContaining("could not route pods of n-bad in " + a)
          .hasMessageContaining("at line 1 of 1 (`route replace 100.97.0.0/24 via 10.200.0.9")
          .hasMessageContaining("Command failed -:1");
    } finally {
      pool.shutdownNow();
    }
    assertThat(kernel.ip(a).routes(100))
        .extracting(KernelRoute::destination)
        .hasSize(24)
        .doesNotContain("100.97.0.0/24");
  }

  private static String rootSysctl(String key) throws java.io.IOException {
    return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys", key.replace('.', '/')))
        .strip();
  }

  private static String sysctlIn(String ns, String key) {
    return Kernel.system()
        .runner()
        .check(Command.of("read " + key, List.of("ip", "netns", "exec", ns, "sysctl", "-n", key)))
        .stdout()
        .strip();
  }

  @Test
  void namespacesMadeAtOnceGetTheirSysctlsInTheProcessThatMakesThemAndTheRootKeepsItsOwn()
      throws Exception {
    String forward = "net.ipv4.ip_forward";
    String rp = "net.ipv4.conf.default.rp_filter";
    String rootForward = rootSysctl(forward);
    String rootRp = rootSysctl(rp);
    // values the root namespace does not have, so a write that reached it would show
    String wantForward = rootForward.equals("1") ? "0" : "1";
    String wantRp = rootRp.equals("2") ? "1" : "2";
    List<String> settings = List.of(forward + "=" + wantForward, rp + "=" + wantRp);

    kernel.netns().addWithSysctls(a, settings, true);
    assertThat(ran).hasSize(1);
    assertThat(ran.get(0).argv()).containsExactly("ip", "-batch", "-");
    assertThat(sysctlIn(a, forward)).isEqualTo(wantForward);
    assertThat(sysctlIn(a, rp)).isEqualTo(wantRp);
    assertThat(Kernel.system().ip(a).link("lo").orElseThrow().up()).isTrue();

    ran.clear();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      names.add(prefix + "n" + i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(names.size());
    try {
      List<Future<?>> made = new ArrayList<>();
      for (String n : names) {
        made.add(pool.submit(() -> kernel.netns().addWithSysctls(n, settings, false)));
      }
      for (Future<?> f : made) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ran.size()).isBetween(1, names.size());
    for (String n : names) {
      assertThat(sysctlIn(n, forward)).as(n).isEqualTo(wantForward);
      assertThat(sysctlIn(n, rp)).as(n).isEqualTo(wantRp);
      assertThat(Kernel.system().ip(n).link("lo").orElseThrow().up()).as(n).isFalse();
    }
    assertThat(rootSysctl(forward)).isEqualTo(rootForward);
    assertThat(rootSysctl(rp)).isEqualTo(rootRp);
  }

  @Test
  void aNamespaceAKilledRunLeftGetsItsSysctlsAndABadOneIsNamedWithItsLine() {
    // as a run killed between the namespace and its sysctls leaves it (the old two processes)
    Kernel.system().netns().addWithLoopbackLeftDown(a);
    kernel.netns().addWithSysctls(a, List.of("net.ipv4.ip_forward=1"), true);
    assertThat(sysctlIn(a, "net.ipv4.ip_forward")).isEqualTo("1");
    assertThat(Kernel.system().ip(a).link("lo").orElseThrow().up()).isTrue();

    String b = prefix + "b";
    assertThatThrownBy(
            () -> kernel.netns().addWithSysctls(b, List.of("net.ipv4.no_such_key=1"), false))
        .isInstanceOf(KernelException.class)
        .hasMessageContaining("could not create network namespace " + b + " with its sysctls")
        .hasMessageContaining(
            "at line 2 of 2 (`netns exec " + b + " sysctl -qw net.ipv4.no_such_key=1`)")
        .hasMessageContaining("no_such_key");
    assertThatThrownBy(
            () -> kernel.netns().addWithSysctls(b, List.of("net.ipv4.ip_forward=1; reboot"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a sysctl key=value");
  }

  @Test
  void aRoutersLoopbackIsLabelledInTheProcessThatMakesItAndWhenAKilledRunLeftIt() {
    String label = "jk owner=0123abcd";
    kernel.netns().addWithSysctls(a, List.of("net.ipv4.ip_forward=1"), true, Optional.of(label));
    assertThat(ran).hasSize(1);
    Link lo = Kernel.system().ip(a).link("lo").orElseThrow();
    assertThat(lo.up()).isTrue();
    assertThat(lo.alias()).isEqualTo(label);

    // as a run killed between the namespace and the rest leaves it
    String b = prefix + "b";
    Kernel.system().netns().addWithLoopbackLeftDown(b);
    kernel.netns().addWithSysctls(b, List.of("net.ipv4.ip_forward=1"), true, Optional.of(label));
    Link left = Kernel.system().ip(b).link("lo").orElseThrow();
    assertThat(left.up()).isTrue();
    assertThat(left.alias()).isEqualTo(label);
    assertThat(sysctlIn(b, "net.ipv4.ip_forward")).isEqualTo("1");

    assertThatThrownBy(
            () ->
                kernel
                    .netns()
                    .addWithSysctls(
                        prefix + "c",
                        List.of("net.ipv4.ip_forward=1"),
                        true,
                        Optional.of("jk \"; reboot")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a loopback alias is");
    assertThat(Kernel.system().netns().exists(prefix + "c")).isFalse();
  }
}
