package dev.jkops.cloud.local.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider a user installed reads back as the one recognised, for every kind recorded. */
class InstalledProviderTest {
  @TempDir Path base;

  NetworkingSpec roundTrip(NetworkingSpec installed) {
    ClusterNames names = ClusterNames.of("i.example.com", base);
    InstalledProvider.save(names, installed);
    return InstalledProvider.load(names).orElseThrow();
  }

  @Test
  void theNewProvidersReadBackAsInstalled() {
    NetworkingSpec nativeCilium =
        new NetworkingSpec.Cilium(null, "disabled", null, null, null, null, null, null, null, null);
    assertThat(((NetworkingSpec.Cilium) roundTrip(nativeCilium)).tunnelOrDefault())
        .isEqualTo("disabled");
    assertThat(
            ((NetworkingSpec.Cilium) roundTrip(NetworkingSpec.fromFlag("cilium")))
                .tunnelOrDefault())
        .isEqualTo("vxlan");
    // kube-router's key is v1alpha2's "kuberouter", which is no create --networking value
    assertThat(roundTrip(NetworkingSpec.fromFlag("kube-router")))
        .isInstanceOf(NetworkingSpec.KubeRouter.class);
    assertThat(roundTrip(NetworkingSpec.fromFlag("kindnet")))
        .isInstanceOf(NetworkingSpec.Kindnet.class);
    assertThat(roundTrip(new NetworkingSpec.Flannel("udp", null)))
        .isEqualTo(new NetworkingSpec.Flannel("udp", null));
  }
}
