package dev.jkops.cloud.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSpecBuilder;
import dev.jkops.api.FieldError;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.TestClusters;
import org.junit.jupiter.api.Test;

/**
 * cilium's tunnels on the local cloud: VXLAN and native routing are built, geneve is refused with
 * the reason.
 */
class LocalCloudLimitsCiliumTest {
  static ClusterBundle local(String tunnel) {
    ClusterBundle b = TestClusters.oneZone("c.example.com", "kubenet");
    ClusterSpecBuilder s = b.cluster().spec().toBuilder();
    s.cloudProvider = "local";
    s.networking =
        new NetworkingSpec.Cilium(null, tunnel, null, null, null, null, null, null, null, null);
    return new ClusterBundle(b.cluster().withSpec(s.build()), b.instanceGroups());
  }

  @Test
  void refusesGeneveNamingTheFieldAndTheTunnelsItBuilds() {
    assertThat(LocalCloudLimits.check(local("geneve")))
        .singleElement()
        .extracting(FieldError::toString)
        .asString()
        .startsWith("spec.networking.cilium.tunnel: Unsupported value: \"geneve\"")
        .contains("tunnel: vxlan", "disabled", "no geneve driver (CONFIG_GENEVE)");
    assertThat(LocalCloudLimits.check(local("vxlan"))).isEmpty();
    assertThat(LocalCloudLimits.check(local("disabled"))).isEmpty();
  }
}
