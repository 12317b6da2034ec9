package dev.jkops.model.addon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSpecBuilder;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.CloudFacts;
import dev.jkops.model.NetworkContext;
import dev.jkops.model.NetworkProviders;
import dev.jkops.model.TestClusters;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rendered addon, for every built-in provider and supported Kubernetes version, is valid
 * Kubernetes.
 */
class AddonManifestsTest {
  static final List<String> VERSIONS =
      List.of("1.6.0", "1.12.0", "1.22.0", "1.25.0", "1.32.0", "1.34.0");

  /**
   * Built-in providers and their variants (flannel udp, calico's etcd datastore and VXLAN mode).
   */
  static Stream<Arguments> addons() {
    List<Arguments> out = new ArrayList<>();
    List<NetworkingSpec> specs =
        List.of(
            new NetworkingSpec.Kopeio(null),
            new NetworkingSpec.Weave(null, null),
            new NetworkingSpec.Flannel("vxlan", null),
            new NetworkingSpec.Flannel("udp", null),
            new NetworkingSpec.Calico(null, null, null, null, null, null),
            new NetworkingSpec.Calico(null, "vxlan", null, null, null, null),
            new NetworkingSpec.Calico(null, null, null, null, "etcd", null),
            new NetworkingSpec.Canal(null, null),
            new NetworkingSpec.Romana(null),
            NetworkingSpec.fromFlag("cilium"),
            NetworkingSpec.fromFlag("cilium-etcd"),
            NetworkingSpec.fromFlag("cilium-eni"),
            new NetworkingSpec.Cilium(
                null,
                "disabled",
                null,
                null,
                null,
                null,
                null,
                java.util.Map.of("a", "1"),
                java.util.Map.of("b", "2"),
                java.util.Map.of("hubble", java.util.Map.of())),
            new NetworkingSpec.Kindnet(null, null, null, null, null, null, null, null),
            new NetworkingSpec.Kindnet(
                null,
                false,
                true,
                null,
                5,
                new NetworkingSpec.KindnetMasquerade(false, null),
                4,
                null),
            new NetworkingSpec.KubeRouter(true, null),
            new NetworkingSpec.AmazonVpc(null, null, null, null));
    for (NetworkingSpec spec : specs) {
      for (String v : VERSIONS) {
        for (String cloud : List.of("aws", "local")) {
          out.add(Arguments.of(spec, v, cloud));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} on Kubernetes {1}, cloud {2}")
  @MethodSource("addons")
  void everyRenderedManifestParsesStrictlyAndHasItsRequiredFields(
      NetworkingSpec spec, String version, String cloud) throws Exception {
    ClusterBundle bundle =
        withSpec(TestClusters.threeZonesHa("c.example.com", "kubenet", version), spec, cloud);
    AddonManifest addon =
        NetworkProviders.forSpec(spec).addon(NetworkContext.of(bundle)).orElseThrow();
    assertThat(addon.manifest()).doesNotContain("{{");
    List<HasMetadata> objects = StrictKubernetesParser.parse(addon.manifest());
    assertThat(objects).isNotEmpty();
    assertThat(objects).anyMatch(o -> o.getKind().equals("DaemonSet"));
    assertThat(ManifestChecks.problems(objects)).isEmpty();
    for (HasMetadata o : objects) {
      assertThat(o.getMetadata().getLabels())
          .as("%s %s", o.getKind(), o.getMetadata().getName())
          .containsEntry("role.kubernetes.io/networking", "1");
    }
  }

  @Test
  void strictParsingRefusesAnUnknownFieldWithItsPath() {
    String bad =
        """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: x, namespace: kube-system}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              containers: [{name: c, image: i, imagePullPolcy: Always}]
        """;
    assertThatThrownBy(() -> StrictKubernetesParser.parse(bad))
        .hasMessageContaining("imagePullPolcy");
  }

  @Test
  void requiredFieldChecksFindAMissingImageAndAMismatchedSelector() throws Exception {
    String bad =
        """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: x, namespace: kube-system}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: c}}
            spec:
              containers: [{name: c}]
        """;
    assertThat(ManifestChecks.problems(StrictKubernetesParser.parse(bad)))
        .anyMatch(p -> p.contains("without name or image"))
        .anyMatch(p -> p.contains("does not match its template's labels"));
  }

  static ClusterBundle withSpec(ClusterBundle b, NetworkingSpec spec, String cloud) {
    ClusterSpecBuilder s = b.cluster().spec().toBuilder();
    s.networking = spec;
    s.cloudProvider = cloud;
    return new ClusterBundle(b.cluster().withSpec(s.build()), b.instanceGroups());
  }

  static CloudFacts aws() {
    return CloudFacts.forCloud("aws");
  }
}
