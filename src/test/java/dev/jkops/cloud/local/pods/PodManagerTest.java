package dev.jkops.cloud.local.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.Cidr;
import dev.jkops.testing.RequiresRoot;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@RequiresRoot
class PodManagerTest {

  static PodSpec spec(String name, String node) {
    return new PodSpec(name, "default", Map.of("app", name), Optional.of(node));
  }

  static boolean ping(PodManager m, String from, String address) {
    return m.exec(
            "default", from, List.of("ping", "-c", "1", "-W", "2", address), Duration.ofSeconds(5))
        .ok();
  }

  @Test
  void cniPodsGetAddressesInTheirNodesRangeReachEachOtherAndLeaveNothingBehind() throws Exception {
    TwoNodeSubstrate s = new TwoNodeSubstrate(false, false);
    try (s) {
      PodManager m = new PodManager(s.kernel, s.cluster);
      List<Pod> pods = m.createAll(List.of(spec("a", "n1"), spec("b", "n1"), spec("c", "n2")));
      assertThat(Cidr.parse("100.96.1.0/24").contains(Cidr.parseAddress(pods.get(0).address(), "")))
          .isTrue();
      assertThat(Cidr.parse("100.96.1.0/24").contains(Cidr.parseAddress(pods.get(1).address(), "")))
          .isTrue();
      assertThat(Cidr.parse("100.96.2.0/24").contains(Cidr.parseAddress(pods.get(2).address(), "")))
          .isTrue();
      assertThat(pods).extracting(Pod::attachment).containsOnly("cni:kubenet");
      assertThat(m.list()).extracting(Pod::name).containsExactly("a", "b", "c");

      assertThat(ping(m, "a", pods.get(1).address())).as("same node").isTrue();
      assertThat(ping(m, "a", pods.get(2).address())).as("across nodes").isTrue();
      String routes =
          m.exec("default", "c", List.of("ip", "-4", "route"), Duration.ofSeconds(5)).stdout();
      assertThat(routes).doesNotContain("default").contains("100.64.0.0/10 via 100.96.2.1");

      String log = Files.readString(s.cluster.requireNode("n1").log());
      assertThat(log)
          .contains(
              "ADD default/a netns="
                  + s.prefix
                  + "p-default.a eth0="
                  + pods.get(0).address()
                  + "/24");

      m.delete("default", "a");
      assertThat(Files.readString(s.cluster.requireNode("n1").log()))
          .contains(
              "DEL default/a netns=" + s.prefix + "p-default.a eth0=" + pods.get(0).address());
      assertThat(s.kernel.netns().exists(s.prefix + "p-default.a")).isFalse();
      // host-local released the lease (it keeps one file per address under the node's own dataDir)
      var leases = s.cluster.requireNode("n1").ipamDir().resolve("kubenet");
      assertThat(leases.resolve(pods.get(0).address())).doesNotExist();
      assertThat(leases.resolve(pods.get(1).address())).exists();
      m.deleteAll(m.list());
      assertThat(m.list()).isEmpty();
      assertThat(s.leftovers()).containsExactlyInAnyOrder(s.prefix + "n1", s.prefix + "n2");
    }
    assertThat(s.leftovers()).isEmpty();
  }

  @Test
  void classicPodsHangOffCbr0() throws Exception {
    try (TwoNodeSubstrate s = new TwoNodeSubstrate(false, true)) {
      PodManager m = new PodManager(s.kernel, s.cluster);
      Pod a = m.create(spec("a", "n1"));
      Pod b = m.create(spec("b", "n2"));
      assertThat(a.attachment()).isEqualTo("cbr0");
      assertThat(a.address()).startsWith("100.96.1.");
      assertThat(ping(m, "a", b.address())).isTrue();
      m.delete("default", "a");
      assertThat(s.kernel.ip(s.prefix + "n1").links())
          .extracting(l -> l.name())
          .doesNotContain(PodNetwork.hostVeth(a.containerId()));
    }
  }

  @Test
  void refusesDuplicatesUnknownNodesAndBadNames() throws Exception {
    try (TwoNodeSubstrate s = new TwoNodeSubstrate(false, false)) {
      PodManager m = new PodManager(s.kernel, s.cluster);
      m.create(spec("a", "n1"));
      assertThatThrownBy(() -> m.create(spec("a", "n2"))).hasMessageContaining("already exists");
      assertThatThrownBy(() -> m.create(spec("x", "n9")))
          .hasMessageContaining("has no node \"n9\"; its nodes are n1, n2");
      assertThatThrownBy(() -> spec("Bad_Name", "n1"))
          .hasMessageContaining("pod name \"Bad_Name\" is not valid");
      assertThatThrownBy(() -> m.delete("default", "zzz"))
          .hasMessageContaining("pod \"zzz\" not found");
      m.deleteAll(m.list());
    }
  }
}
