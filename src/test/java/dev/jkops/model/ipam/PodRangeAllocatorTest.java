package dev.jkops.model.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.Cidr;
import dev.jkops.model.ModelException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodRangeAllocatorTest {
  final PodRangeAllocator kops = new PodRangeAllocator(Cidr.parse("100.96.0.0/11"), 24);

  @Test
  void handsOutTheLowestFreeSlash24InNodeOrder() {
    IpamState s = kops.allocate(IpamState.empty(), List.of("a", "b", "c"));
    assertThat(s.podRanges())
        .isEqualTo(
            Map.of(
                "a",
                Cidr.parse("100.96.0.0/24"),
                "b",
                Cidr.parse("100.96.1.0/24"),
                "c",
                Cidr.parse("100.96.2.0/24")));
  }

  @Test
  void keepsANodesRangeForItsWholeLife() {
    IpamState first = kops.allocate(IpamState.empty(), List.of("a", "b", "c"));
    IpamState again = kops.allocate(first, List.of("c", "b", "a", "d"));
    assertThat(again.podRanges())
        .containsEntry("a", Cidr.parse("100.96.0.0/24"))
        .containsEntry("c", Cidr.parse("100.96.2.0/24"))
        .containsEntry("d", Cidr.parse("100.96.3.0/24"));
  }

  @Test
  void releasesTheRangeOfANodeThatIsGoneAndReusesItLowestFirst() {
    IpamState s = kops.allocate(IpamState.empty(), List.of("a", "b", "c"));
    IpamState without = kops.allocate(s, List.of("a", "c"));
    assertThat(without.podRanges()).doesNotContainKey("b").hasSize(2);
    IpamState withNew = kops.allocate(without, List.of("a", "c", "e"));
    assertThat(withNew.podRanges()).containsEntry("e", Cidr.parse("100.96.1.0/24"));
  }

  @Test
  void aSlash11HoldsEightThousandOneHundredNinetyTwoNodes() {
    assertThat(kops.capacity()).isEqualTo(8192);
  }

  @Test
  void aFullPodCidrIsAClearErrorWithTheNumbersAndTheFix() {
    PodRangeAllocator small = new PodRangeAllocator(Cidr.parse("10.0.0.0/22"), 24);
    IpamState four = small.allocate(IpamState.empty(), List.of("a", "b", "c", "d"));
    assertThatThrownBy(() -> small.allocate(four, List.of("a", "b", "c", "d", "e")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("10.0.0.0/22 holds 4 /24 node ranges")
        .hasMessageContaining("needs 5 (4 already allocated)")
        .hasMessageContaining("spec.podCIDR");
  }

  @Test
  void reallocatesARangeThatNoLongerFitsAChangedPodCidr() {
    IpamState old = new IpamState(Map.of("a", Cidr.parse("10.9.0.0/24")));
    assertThat(kops.allocate(old, List.of("a")).podRanges())
        .containsEntry("a", Cidr.parse("100.96.0.0/24"));
  }

  @Test
  void honoursAConfiguredNodeMaskSize() {
    PodRangeAllocator by26 = new PodRangeAllocator(Cidr.parse("100.96.0.0/11"), 26);
    assertThat(by26.allocate(IpamState.empty(), List.of("a", "b")).podRanges())
        .containsEntry("b", Cidr.parse("100.96.0.64/26"));
  }
}
