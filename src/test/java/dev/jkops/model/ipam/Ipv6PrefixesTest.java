package dev.jkops.model.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.Ipv6Cidr;
import dev.jkops.model.ModelException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Ipv6PrefixesTest {
  static final Ipv6Cidr VPC = Ipv6Prefixes.localVpcBlock("0123456789ab");

  static ClusterSubnet subnet(String name, String ipv6) {
    return new ClusterSubnet(name, name, "172.20.32.0/19", "Public", null, null, ipv6, null);
  }

  @Test
  void theLocalVpcBlockIsAUniqueLocalSlash56MadeFromTheClusterId() {
    assertThat(VPC).hasToString("fd01:2345:6789:ab00::/56");
    assertThat(Ipv6Prefixes.localVpcBlock("ffffffffffff")).hasToString("fdff:ffff:ffff:ff00::/56");
    assertThatThrownBy(() -> Ipv6Prefixes.localVpcBlock("xyz"))
        .hasMessageContaining("not 12 hex digits");
  }

  @Test
  void subnetsTakeTheNthSlash64OrTheirExplicitBlock() {
    Map<String, Ipv6Cidr> blocks =
        Ipv6Prefixes.subnetBlocks(
            List.of(
                subnet("a", "/64#1"),
                subnet("b", "/64#ff"),
                subnet("c", "2001:db8:0:111::/64"),
                subnet("v4", null)),
            VPC);
    assertThat(blocks)
        .containsExactly(
            Map.entry("a", Ipv6Cidr.parse("fd01:2345:6789:ab01::/64")),
            Map.entry("b", Ipv6Cidr.parse("fd01:2345:6789:abff::/64")),
            Map.entry("c", Ipv6Cidr.parse("2001:db8:0:111::/64")));
  }

  @Test
  void aBadSubnetBlockNamesItsField() {
    assertThatThrownBy(
            () ->
                Ipv6Prefixes.subnetBlocks(
                    List.of(subnet("a", "/64#1"), subnet("b", "/64#100")), VPC))
        .isInstanceOf(ModelException.class)
        .hasMessageStartingWith("spec.subnets[1].ipv6CIDR: /64#100:")
        .hasMessageContaining("past the end");
    assertThatThrownBy(() -> Ipv6Prefixes.subnetBlocks(List.of(subnet("a", "/60#1")), VPC))
        .hasMessageStartingWith("spec.subnets[0].ipv6CIDR: /60#1 is a /60");
    assertThatThrownBy(
            () ->
                Ipv6Prefixes.subnetBlocks(List.of(subnet("a", "/64#1"), subnet("b", "/64#1")), VPC))
        .hasMessageStartingWith("spec.subnets[1].ipv6CIDR: fd01:2345:6789:ab01::/64 is also");
  }

  @Test
  void nodesGetTheLowestFreeSlash80AfterTheSubnetsOwnAndKeepIt() {
    Ipv6Cidr a = Ipv6Cidr.parse("fd01:2345:6789:ab01::/64");
    Ipv6Cidr b = Ipv6Cidr.parse("fd01:2345:6789:ab02::/64");
    Map<String, Ipv6Cidr> first =
        Ipv6Prefixes.allocateNodePrefixes(Map.of(), Map.of("n1", a, "n2", a, "n3", b));
    assertThat(first)
        .containsExactly(
            Map.entry("n1", Ipv6Cidr.parse("fd01:2345:6789:ab01:1::/80")),
            Map.entry("n2", Ipv6Cidr.parse("fd01:2345:6789:ab01:2::/80")),
            Map.entry("n3", Ipv6Cidr.parse("fd01:2345:6789:ab02:1::/80")));
    // n1 goes, n4 comes: n2 keeps its prefix, n4 takes the one n1 gave back.
    Map<String, Ipv6Cidr> second =
        Ipv6Prefixes.allocateNodePrefixes(first, Map.of("n2", a, "n3", b, "n4", a));
    assertThat(second.get("n2")).isEqualTo(first.get("n2"));
    assertThat(second.get("n4")).isEqualTo(first.get("n1"));
    // A node moved to another subnet gets a prefix of its new subnet.
    assertThat(Ipv6Prefixes.allocateNodePrefixes(first, Map.of("n1", b)).get("n1"))
        .isEqualTo(Ipv6Cidr.parse("fd01:2345:6789:ab02:1::/80"));
  }

  @Test
  void hostAddressesAreInTheSubnetsFirstSlash80() {
    Ipv6Cidr a = Ipv6Cidr.parse("fd01:2345:6789:ab01::/64");
    assertThat(Ipv6Prefixes.hostAddress(a, 1)).isEqualTo("fd01:2345:6789:ab01::1/64");
    assertThat(Ipv6Prefixes.hostAddress(a, 10)).isEqualTo("fd01:2345:6789:ab01::a/64");
  }
}
