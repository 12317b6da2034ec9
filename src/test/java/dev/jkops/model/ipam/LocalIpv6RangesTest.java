package dev.jkops.model.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.Ipv6Cidr;
import dev.jkops.api.store.FileStateStore;
import dev.jkops.model.ModelException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalIpv6RangesTest {
  static final String ID = "0123456789ab";

  @TempDir Path dir;

  /** kops' minimal-ipv6 node subnets: an IPv6 block and no IPv4 at all. */
  static ClusterSubnet ipv6Only(String name, String ipv6) {
    return new ClusterSubnet(name, name, null, "Private", null, null, ipv6, null);
  }

  static final List<ClusterSubnet> SUBNETS =
      List.of(
          ipv6Only("us-test-1a", "/64#1"),
          ipv6Only("us-test-1b", "/64#2"),
          new ClusterSubnet(
              "utility-us-test-1a",
              "us-test-1a",
              "172.20.4.0/22",
              "Utility",
              null,
              null,
              null,
              null));

  @Test
  void aRerunThroughTheStoredStateGivesEveryInstanceTheSlash80ItHad() {
    IpamStore store = new IpamStore(new FileStateStore(dir));
    LocalIpv6Ranges first =
        LocalIpv6Ranges.plan(
            ID,
            SUBNETS,
            Map.of("cp-1", "us-test-1b", "nodes-1", "us-test-1a", "nodes-2", "us-test-1a"),
            store.load("c.example.com"));
    assertThat(first.vpc()).hasToString("fd01:2345:6789:ab00::/56");
    assertThat(first.subnets())
        .containsExactly(
            Map.entry("us-test-1a", Ipv6Cidr.parse("fd01:2345:6789:ab01::/64")),
            Map.entry("us-test-1b", Ipv6Cidr.parse("fd01:2345:6789:ab02::/64")));
    assertThat(first.nodePrefixes())
        .containsExactly(
            Map.entry("cp-1", Ipv6Cidr.parse("fd01:2345:6789:ab02:1::/80")),
            Map.entry("nodes-1", Ipv6Cidr.parse("fd01:2345:6789:ab01:1::/80")),
            Map.entry("nodes-2", Ipv6Cidr.parse("fd01:2345:6789:ab01:2::/80")));
    store.save("c.example.com", first.ipam());

    // nodes-1 is gone and nodes-4 is new, read back from a fresh store: nodes-2 keeps its /80
    // (a plan from nothing would give it the first one) and nodes-4 takes the one nodes-1 gave
    // back.
    LocalIpv6Ranges second =
        LocalIpv6Ranges.plan(
            ID,
            SUBNETS,
            Map.of("cp-1", "us-test-1b", "nodes-2", "us-test-1a", "nodes-4", "us-test-1a"),
            new IpamStore(new FileStateStore(dir)).load("c.example.com"));
    assertThat(second.nodePrefixes())
        .containsExactly(
            Map.entry("cp-1", Ipv6Cidr.parse("fd01:2345:6789:ab02:1::/80")),
            Map.entry("nodes-2", Ipv6Cidr.parse("fd01:2345:6789:ab01:2::/80")),
            Map.entry("nodes-4", Ipv6Cidr.parse("fd01:2345:6789:ab01:1::/80")));
  }

  @Test
  void theIpv4PodRangesOfTheStateAreLeftAsTheyWere() {
    IpamState current = new IpamState(Map.of("nodes-1", Cidr.parse("100.96.1.0/24")));
    IpamState next =
        LocalIpv6Ranges.plan(ID, SUBNETS, Map.of("nodes-1", "us-test-1a"), current).ipam();
    assertThat(next.podRanges()).isEqualTo(current.podRanges());
    assertThat(next.ipv6NodePrefixes()).containsOnlyKeys("nodes-1");
  }

  @Test
  void anInstanceInASubnetWithoutAnIpv6BlockNamesTheSubnetsField() {
    assertThatThrownBy(
            () ->
                LocalIpv6Ranges.plan(
                    ID, SUBNETS, Map.of("bastion-1", "utility-us-test-1a"), IpamState.empty()))
        .isInstanceOf(ModelException.class)
        .hasMessageStartingWith("spec.subnets[2].ipv6CIDR: subnet utility-us-test-1a holds")
        .hasMessageContaining("bastion-1");
    assertThatThrownBy(
            () -> LocalIpv6Ranges.plan(ID, SUBNETS, Map.of("n", "nowhere"), IpamState.empty()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("spec.subnets does not list");
  }
}
