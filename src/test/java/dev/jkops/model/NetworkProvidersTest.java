package dev.jkops.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.NetworkingSpec;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NetworkProvidersTest {
  @Test
  void everyNetworkingFlagMapsToAProviderAndTheElevenModesAreDistinct() {
    Set<String> modes =
        NetworkingSpec.FLAG_VALUES.stream()
            .map(f -> NetworkProviders.forSpec(NetworkingSpec.fromFlag(f)).mode())
            .collect(Collectors.toSet());
    assertThat(modes).containsExactlyInAnyOrderElementsOf(NetworkPlannerTest.MODES);
  }

  @Test
  void everySpecKeyHasAProviderWhoseSpecIsTheOneGiven() {
    for (String flag :
        List.of(
            "kubenet",
            "classic",
            "external",
            "cni",
            "kopeio",
            "weave",
            "flannel",
            "calico",
            "canal",
            "romana",
            "cilium",
            "kindnet",
            "kube-router",
            "amazonvpc")) {
      NetworkingSpec spec = NetworkingSpec.fromFlag(flag);
      assertThat(NetworkProviders.forSpec(spec).spec()).isSameAs(spec);
    }
  }

  @Test
  void noNetworkingMeansKubenetTheDefault() {
    assertThat(NetworkProviders.forSpec(null).mode()).isEqualTo("kubenet");
  }
}
