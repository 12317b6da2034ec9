package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetCarverTest {
  private static final Cidr VPC = Cidr.parse("172.20.0.0/16");

  private static List<String> cidrs(List<ClusterSubnet> subnets) {
    return SubnetCarver.assign(VPC, subnets).stream().map(ClusterSubnet::cidr).toList();
  }

  private static List<ClusterSubnet> zones(String type, int n) {
    List<ClusterSubnet> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String zone = "us-test-1" + (char) ('a' + i);
      out.add(ClusterSubnet.of(zone, zone, null, type));
    }
    return out;
  }

  @Test
  void givesOnePublicZoneTheWholeNetwork() {
    assertThat(cidrs(zones("Public", 1))).containsExactly("172.20.0.0/16");
  }

  @Test
  void givesOnePrivateZoneTheUpperHalfAndItsUtilitySubnetAnEighthOfTheLowerHalf() {
    List<ClusterSubnet> s = new ArrayList<>(zones("Private", 1));
    s.add(ClusterSubnet.of("utility-us-test-1a", "us-test-1a", null, "Utility"));
    assertThat(cidrs(s)).containsExactly("172.20.128.0/17", "172.20.0.0/20");
  }

  @Test
  void splitsIntoQuartersForThreeZonesAndEighthsForFive() {
    assertThat(cidrs(zones("Public", 3)))
        .containsExactly("172.20.0.0/18", "172.20.64.0/18", "172.20.128.0/18");
    assertThat(cidrs(zones("Public", 5)))
        .containsExactly(
            "172.20.0.0/19",
            "172.20.32.0/19",
            "172.20.64.0/19",
            "172.20.96.0/19",
            "172.20.128.0/19");
  }

  @Test
  void servesSubnetsInZoneOrderWhateverTheirListOrder() {
    List<ClusterSubnet> s = new ArrayList<>(zones("Public", 2));
    java.util.Collections.reverse(s);
    assertThat(cidrs(s)).containsExactly("172.20.128.0/17", "172.20.0.0/17");
  }

  @Test
  void skipsPartsThatOverlapASubnetTheUserPlaced() {
    List<ClusterSubnet> s = new ArrayList<>(zones("Public", 2));
    s.set(0, ClusterSubnet.of("us-test-1a", "us-test-1a", "172.20.0.0/24", "Public"));
    assertThat(cidrs(s)).containsExactly("172.20.0.0/24", "172.20.128.0/17");
  }

  /**
   * kops' create_cluster/complex golden case (kops HEAD): three zones in 10.0.0.0/16 and four
   * subnets placed in additionalNetworkCIDRs. Only the three take a range from the network, so it
   * is cut into quarters; counting all seven would cut it into eighths (10.0.0.0/19, ...).
   */
  @Test
  void sizesTheSplitOnlyBySubnetsThatTakeARangeFromTheNetwork() {
    List<ClusterSubnet> s = new ArrayList<>(zones("Public", 3));
    s.add(ClusterSubnet.of("us-test-1a-1", "us-test-1a", "10.1.0.0/16", "Public"));
    s.add(ClusterSubnet.of("us-test-1b-2", "us-test-1b", "10.2.0.0/16", "Public"));
    s.add(ClusterSubnet.of("us-test-1c-3", "us-test-1c", "10.3.0.0/16", "Public"));
    s.add(ClusterSubnet.of("us-test-1a-4", "us-test-1a", "10.4.0.0/16", "Public"));
    assertThat(SubnetCarver.assign(Cidr.parse("10.0.0.0/16"), s))
        .extracting(ClusterSubnet::cidr)
        .containsExactly(
            "10.0.0.0/18",
            "10.0.64.0/18",
            "10.0.128.0/18",
            "10.1.0.0/16",
            "10.2.0.0/16",
            "10.3.0.0/16",
            "10.4.0.0/16");
  }

  @Test
  void stillCountsAndAvoidsASubnetPlacedInsideTheNetwork() {
    // One placed inside the network: it counts (3 -> quarters) and its quarter is skipped.
    List<ClusterSubnet> s = new ArrayList<>(zones("Public", 2));
    s.add(ClusterSubnet.of("x", "us-test-1c", "172.20.0.0/24", "Public"));
    assertThat(cidrs(s)).containsExactly("172.20.64.0/18", "172.20.128.0/18", "172.20.0.0/24");
  }

  @Test
  void leavesSubnetsWithCidrsAlone() {
    List<ClusterSubnet> s = List.of(ClusterSubnet.of("a", "a", "10.1.0.0/24", "Public"));
    assertThat(SubnetCarver.assign(VPC, s)).isSameAs(s);
  }

  @Test
  void leavesAnExistingSubnetGivenByIdWithoutACidr() {
    ClusterSubnet existing =
        new ClusterSubnet("a", "us-test-1a", null, "Public", null, "subnet-1", null);
    List<ClusterSubnet> s = List.of(existing, ClusterSubnet.of("b", "us-test-1b", null, "Public"));
    assertThat(SubnetCarver.assign(VPC, s))
        .extracting(ClusterSubnet::cidr)
        .containsExactly(null, "172.20.0.0/17");
  }

  @Test
  void refusesMoreThanEightZonesSayingWhatToDo() {
    assertThatThrownBy(() -> cidrs(zones("Public", 9)))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("no block left for subnet \"us-test-1i\"")
        .hasMessageContaining("fewer zones");
  }

  @Test
  void refusesANetworkTooSmallToSplit() {
    assertThatThrownBy(() -> SubnetCarver.assign(Cidr.parse("10.0.0.0/31"), zones("Public", 3)))
        .hasMessageContaining("too small");
  }

  @Test
  void refusesASubnetOfUnknownTypeWithoutACidr() {
    assertThatThrownBy(() -> cidrs(List.of(ClusterSubnet.of("x", "x", null, "Dmz"))))
        .hasMessageContaining("Public, Private or Utility");
  }
}
