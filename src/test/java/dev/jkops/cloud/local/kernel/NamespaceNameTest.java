package dev.jkops.cloud.local.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceNameTest {
  final List<Command> ran = new ArrayList<>();
  final CommandRunner recorder =
      c -> {
        ran.add(c);
        return new CommandResult(c, 0, "[]", "");
      };

  @Test
  void acceptsProjectNamespaces() {
    assertThat(NamespaceName.require("jk-1a2b3c-vpc")).isEqualTo("jk-1a2b3c-vpc");
    assertThat(NamespaceName.require("jk-1a2b3c-nodes-us-test-1a-1")).isNotNull();
  }

  @Test
  void refusesEveryNameOutsideTheProjectBeforeRunningAnything() {
    for (String bad :
        new String[] {
          null, "", "default", "1", "jk-", "jk-../x", "JK-abc", "jk-a b", "ns1", "/run/netns/x"
        }) {
      assertThatThrownBy(() -> new Kernel(recorder).ip(bad).addBridge("br0", 1500))
          .as("namespace %s", bad)
          .isInstanceOf(KernelException.class)
          .hasMessageContaining("refusing to touch network namespace");
      assertThatThrownBy(() -> new Kernel(recorder).netns().add(bad))
          .isInstanceOf(KernelException.class);
      assertThatThrownBy(() -> new Kernel(recorder).nft().apply(bad, "x", "flush ruleset"))
          .isInstanceOf(KernelException.class);
    }
    assertThat(ran).isEmpty();
  }

  @Test
  void refusesAVethWhosePeerWouldLandOutsideTheProject() {
    assertThatThrownBy(() -> new Kernel(recorder).ip("jk-abc-a").addVeth("a", "default", "b", 1500))
        .isInstanceOf(KernelException.class);
    assertThat(ran).isEmpty();
  }

  @Test
  void refusesDefaultRoutes() {
    assertThatThrownBy(() -> KernelRoute.via("0.0.0.0/0", "10.0.0.1"))
        .hasMessageContaining("never adds default routes");
    assertThatThrownBy(() -> KernelRoute.via("default", "10.0.0.1"))
        .isInstanceOf(KernelException.class);
  }

  @Test
  void refusesInterfaceNamesTheKernelWouldReject() {
    assertThatThrownBy(
            () -> new Kernel(recorder).ip("jk-abc-a").addBridge("a-name-longer-than-15", 1500))
        .hasMessageContaining("at most 15");
  }

  @Test
  void everyIpCommandNamesItsNamespace() {
    Kernel k = new Kernel(recorder);
    k.ip("jk-abc-a").addBridge("br0", 1500);
    k.ip("jk-abc-a").replaceRoute(KernelRoute.via("10.1.0.0/24", "10.0.0.2").inTable(100));
    k.ip("jk-abc-a").batch("routes", List.of("route replace 10.2.0.0/24 via 10.0.0.3"));
    assertThat(ran)
        .allSatisfy(
            c -> assertThat(c.argv().subList(0, 3)).containsExactly("ip", "-n", "jk-abc-a"));
    assertThat(ran.get(1).display())
        .isEqualTo("ip -n jk-abc-a route replace 10.1.0.0/24 via 10.0.0.2 table 100");
  }

  @Test
  void aFailedCommandSaysWhatWasRunAndWhy() {
    CommandRunner failing = c -> new CommandResult(c, 2, "", "RTNETLINK answers: File exists\n");
    assertThatThrownBy(() -> new Kernel(failing).ip("jk-abc-a").addBridge("br0", 1500))
        .hasMessage(
            "could not add bridge br0 in jk-abc-a: `ip -n jk-abc-a link add br0 mtu 1500 type bridge`"
                + " exited 2: RTNETLINK answers: File exists");
  }
}
