package dev.jkops.cloud.local.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StableMacFormatTest {
  @Test
  void theSameAddressGivesTheSameMacAndEachKindOnASegmentADifferentOne() {
    assertThat(StableMac.INSTANCE.of("172.20.32.10"))
        .isEqualTo(StableMac.INSTANCE.of("172.20.32.10/19"))
        .isEqualTo("02:6a:ac:14:20:0a");
    assertThat(Arrays.stream(StableMac.values()).map(k -> k.of("10.0.0.1")).distinct())
        .hasSize(StableMac.values().length);
    // locally administered unicast: bit 1 of the first octet set, bit 0 clear
    assertThat(
            Arrays.stream(StableMac.values())
                .map(k -> Integer.parseInt(k.of("10.0.0.1").substring(0, 2), 16)))
        .allMatch(o -> (o & 0x02) != 0 && (o & 0x01) == 0);
    assertThat(StableMac.require(StableMac.NODE_BRIDGE.of("100.96.1.1")))
        .isEqualTo("0a:6b:64:60:01:01");
  }

  @Test
  void anIpv6AddressTakesItsLow32Bits() {
    // an IPv6 cluster's node bridge: its /80's gateway, told apart from the others by its low bits
    assertThat(StableMac.NODE_BRIDGE.of("fd01:2345:6789:ab01:1::1/80"))
        .isEqualTo(StableMac.NODE_BRIDGE.of("0.0.0.1"));
    assertThat(StableMac.NODE_BRIDGE.of("fd01:2345:6789:ab01:2:0:a00:1"))
        .isEqualTo(StableMac.NODE_BRIDGE.of("10.0.0.1"));
  }

  @Test
  void notAnAddressIsRefused() {
    assertThatThrownBy(() -> StableMac.INSTANCE.of("fe80::zz"))
        .hasMessageContaining("not an IP address: fe80::zz");
    assertThatThrownBy(() -> StableMac.INSTANCE.of("10.0.0.300"))
        .hasMessageContaining("not an IPv4 address");
    assertThatThrownBy(() -> StableMac.INSTANCE.of("10.0.0.1."))
        .hasMessageContaining("not an IPv4 address: 10.0.0.1.");
    assertThatThrownBy(() -> StableMac.require("02:6a")).hasMessageContaining("not a MAC address");
  }
}
