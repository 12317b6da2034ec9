package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

  @Test
  void parsesAndPrintsABlock() {
    Cidr c = Cidr.parse("172.20.0.0/16");
    assertThat(c.prefix()).isEqualTo(16);
    assertThat(c.size()).isEqualTo(65536);
    assertThat(c).hasToString("172.20.0.0/16");
    assertThat(Cidr.formatAddress(c.last())).isEqualTo("172.20.255.255");
    assertThat(Cidr.parse(" 0.0.0.0/0 ").size()).isEqualTo(1L << 32);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "172.20.0.0|has no prefix length",
        "172.20.0/16|four dotted parts",
        "172.20.0.256/32|above 255",
        "172.20.x.0/24|not a number 0..255",
        "172.20.0.0/33|outside 0..32",
        "172.20.0.0/ab|not a number",
        "10.0.0.5/8|did you mean 10.0.0.0/8?"
      })
  void refusesMalformedTextSayingWhatIsWrong(String text, String message) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void refusesEmptyText() {
    assertThatThrownBy(() -> Cidr.parse("")).hasMessageContaining("empty CIDR");
    assertThatThrownBy(() -> Cidr.parse(null)).hasMessageContaining("empty CIDR");
  }

  @Test
  void containsAndOverlapsFollowTheAddressRanges() {
    Cidr vpc = Cidr.parse("172.20.0.0/16");
    assertThat(vpc.contains(Cidr.parse("172.20.128.0/17"))).isTrue();
    assertThat(vpc.contains(Cidr.parse("172.0.0.0/8"))).isFalse();
    assertThat(vpc.contains(Cidr.parse("172.21.0.0/24"))).isFalse();
    assertThat(vpc.overlaps(Cidr.parse("172.0.0.0/8"))).isTrue();
    assertThat(vpc.overlaps(Cidr.parse("172.21.0.0/16"))).isFalse();
    assertThat(vpc.contains(Cidr.parseAddress("172.20.3.4", "x"))).isTrue();
  }

  @Test
  void splitsIntoEqualPartsLowestFirst() {
    assertThat(Cidr.parse("172.20.0.0/16").split(2))
        .extracting(Cidr::toString)
        .containsExactly("172.20.0.0/18", "172.20.64.0/18", "172.20.128.0/18", "172.20.192.0/18");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/31").split(2))
        .hasMessageContaining("cannot split");
  }

  @Test
  void takesTheNthSubBlockAndAddress() {
    Cidr pods = Cidr.parse("100.96.0.0/11");
    assertThat(pods.subnet(24, 0)).hasToString("100.96.0.0/24");
    assertThat(pods.subnet(24, 8191)).hasToString("100.127.255.0/24");
    assertThatThrownBy(() -> pods.subnet(24, 8192)).hasMessageContaining("holds 8192 /24 blocks");
    assertThat(Cidr.parse("100.64.0.0/13").addressString(10)).isEqualTo("100.64.0.10");
  }

  @Test
  void upperHalfIsHowKopsDerivesThePodRange() {
    assertThat(Cidr.parse("100.64.0.0/10").upperHalf()).hasToString("100.96.0.0/11");
    assertThat(Cidr.parse("10.0.0.0/8").upperHalf()).hasToString("10.128.0.0/9");
  }

  @Test
  void ordersByAddressThenPrefix() {
    assertThat(Cidr.parse("10.0.0.0/8")).isLessThan(Cidr.parse("10.0.0.0/16"));
    assertThat(Cidr.parse("10.1.0.0/16")).isGreaterThan(Cidr.parse("10.0.0.0/8"));
  }

  @Test
  void recognisesIpv6TextWithoutParsingIt() {
    assertThat(Cidr.isIpv6("::/0")).isTrue();
    assertThat(Cidr.isIpv6("0.0.0.0/0")).isFalse();
  }
}
