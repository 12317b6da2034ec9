package dev.jkops.cloud.local.design;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.api.Cidr;
import dev.jkops.api.ForeignDigits;
import dev.jkops.api.Ipv6Cidr;
import org.junit.jupiter.api.Test;

/**
 * The CNI configs the nodes get are JSON the plugins parse, whatever the locale jkops runs under:
 * under ar-EG a plain "%d" would write the MTU in Arabic-Indic digits, which no JSON parser takes.
 */
class CniConfigDigitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void kubenetAndClassicBridgeConfsAreJsonWithAnAsciiMtu() throws Exception {
    String conf =
        ForeignDigits.call(
            () -> NodeDesign.bridgeConf("kubenet", Cidr.parse("100.96.1.0/24"), 1500));
    assertThat(ForeignDigits.ascii(conf)).as(conf).isTrue();
    assertThat(JSON.readTree(conf).at("/plugins/0/mtu").intValue()).isEqualTo(1500);
  }

  @Test
  void theIpv6BridgeConflistIsJsonWithAnAsciiMtu() throws Exception {
    String conf =
        ForeignDigits.call(
            () ->
                Ipv6Design.conflist(Ipv6Cidr.parse("fd00:10:96:1::/80"), "fd00:10:96:1::1", 1440));
    assertThat(ForeignDigits.ascii(conf)).as(conf).isTrue();
    assertThat(JSON.readTree(conf).at("/plugins/0/mtu").intValue()).isEqualTo(1440);
  }
}
