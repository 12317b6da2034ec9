package dev.jkops.cloud.local.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.Cidr;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the node's CNI config becomes before a plugin sees it, and the pod's address after. */
class CniConfigsTest {
  static final String RESULT_V4_AND_V6 =
      """
      {"cniVersion":"0.4.0","ips":[
        {"version":"6","address":"fd01:2345:6789:ab01:1::2/80","gateway":"fd01:2345:6789:ab01:1::1"},
        {"version":"4","address":"100.96.1.2/24","gateway":"100.96.1.1"}]}
      """;

  @Test
  void aPodsAddressIsItsIpv4OneWhenItHasOne() {
    assertThat(CniConfigs.firstAddress(RESULT_V4_AND_V6)).isEqualTo("100.96.1.2/24");
  }

  @Test
  void anIpv6ClusterPodsAddressIsItsIpv6One() {
    assertThat(
            CniConfigs.firstAddress(
                """
                {"cniVersion":"0.4.0","ips":[
                  {"address":"fd01:2345:6789:ab01:1::2/80","gateway":"fd01:2345:6789:ab01:1::1"}]}
                """))
        .isEqualTo("fd01:2345:6789:ab01:1::2/80");
  }

  @Test
  void aResultWithoutAddressesIsRefused() {
    assertThatThrownBy(() -> CniConfigs.firstAddress("{\"ips\":[]}"))
        .isInstanceOf(PodException.class)
        .hasMessageContaining("no IP address");
  }

  @Test
  void defaultRoutesOfEitherFamilyNeverReachAPlugin() {
    String conf =
        """
        {"cniVersion":"0.4.0","name":"k8s-pod-network","type":"bridge","bridge":"cbr0",
         "ipam":{"type":"host-local","ranges":[[{"subnet":"fd01:2345:6789:ab01:1::/80"}]],
                 "routes":[{"dst":"0.0.0.0/0"},{"dst":"::/0"},{"dst":"fd01:2345:6789:ab00::/56"}]}}
        """;
    List<String> plugins =
        CniConfigs.plugins(conf, Path.of("/run/jk-x/ipam"), List.of(Cidr.parse("100.64.0.0/10")));
    assertThat(plugins).hasSize(1);
    assertThat(plugins.get(0))
        .contains("{\"dst\":\"100.64.0.0/10\"}")
        .contains("{\"dst\":\"fd01:2345:6789:ab00::/56\"}")
        .doesNotContain("0.0.0.0/0")
        .doesNotContain("\"::/0\"")
        .contains("\"dataDir\":\"/run/jk-x/ipam\"");
  }
}
