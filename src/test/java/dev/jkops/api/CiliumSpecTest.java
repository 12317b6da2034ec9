package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.networking.cilium} in kops' v1alpha2 shape: typed options, kept extras, clear errors.
 */
class CiliumSpecTest {
  static String cluster(String cilium) {
    return "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a.example.com}\nspec:\n  networking:\n"
        + "    cilium: "
        + cilium
        + "\n";
  }

  @Test
  void optionsRoundTripWithUnmodelledOnesKept() {
    Cluster c =
        YamlCodec.read(
                cluster(
                    "{tunnel: disabled, ipam: eni, enableNodePort: true, agentPodAnnotations:"
                        + " {test1: \"true\"}, bpfLBMapMax: 131072, hubble: {enabled: true}}"),
                "c.yaml")
            .clusters()
            .get(0);
    NetworkingSpec.Cilium cilium = (NetworkingSpec.Cilium) c.spec().networking();
    assertThat(cilium.tunnel()).isEqualTo("disabled");
    assertThat(cilium.ipamOrDefault()).isEqualTo("eni");
    assertThat(cilium.nodePort()).isTrue();
    assertThat(cilium.agentPodAnnotations()).isEqualTo(Map.of("test1", "true"));
    assertThat(cilium.extra()).containsEntry("bpfLBMapMax", 131072);
    Cluster back = YamlCodec.read(YamlCodec.toYaml(c), "again.yaml").clusters().get(0);
    assertThat(back.spec().networking()).isEqualTo(cilium);
  }

  @Test
  void anAnnotationThatIsNotAStringNamesItsPath() {
    assertThatThrownBy(
            () -> YamlCodec.read(cluster("{agentPodAnnotations: {test2: 123}}"), "c.yaml"))
        .isInstanceOf(SpecFormatException.class)
        .hasMessageContaining("spec.networking.cilium.agentPodAnnotations.test2")
        .hasMessageContaining("quote it");
  }

  @Test
  void kopsFlagValuesGiveKopsSpecs() {
    assertThat(NetworkingSpec.fromFlag("cilium"))
        .isEqualTo(
            new NetworkingSpec.Cilium(null, null, null, true, null, null, null, null, null, null));
    assertThat(((NetworkingSpec.Cilium) NetworkingSpec.fromFlag("cilium-etcd")).etcd()).isTrue();
    NetworkingSpec.Cilium eni = (NetworkingSpec.Cilium) NetworkingSpec.fromFlag("cilium-eni");
    assertThat(eni.ipam()).isEqualTo("eni");
    assertThat(eni.tunnelOrDefault()).as("kops routes natively with ENI").isEqualTo("disabled");
  }
}
