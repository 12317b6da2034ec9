package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.cloud.local.policy.ManifestException;
import dev.jkops.cloud.local.policy.ManifestReader;
import org.junit.jupiter.api.Test;

/**
 * A key given twice is refused by every reader, with both lines; before, the last one silently won.
 */
class YamlKeysTest {
  static final String POLICY =
      """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: db-only
      spec:
        podSelector:
          matchLabels:
            app: db
        podSelector: {}
        policyTypes: [Ingress]
      """;

  @Test
  void aPolicyWhosePodSelectorIsGivenTwiceIsRefusedNotWidenedToEveryPod() {
    assertThatThrownBy(() -> ManifestReader.read(POLICY, "policy.yaml"))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining(
            "policy.yaml: the key spec.podSelector is given twice (lines 6 and 9)");
  }

  @Test
  void aSpecWithADuplicateKeyInTheSecondDocumentIsRefusedWithItsPath() {
    String spec =
        """
        apiVersion: kops.k8s.io/v1alpha2
        kind: Cluster
        metadata:
          name: a.example.com
        spec: {}
        ---
        apiVersion: kops.k8s.io/v1alpha2
        kind: InstanceGroup
        metadata:
          name: nodes
        spec:
          subnets:
          - name: a
            cidr: 10.0.0.0/24
            cidr: 10.0.1.0/24
        """;
    assertThatThrownBy(() -> YamlCodec.read(spec, "spec.yaml"))
        .isInstanceOf(SpecFormatException.class)
        .hasMessageContaining("spec.yaml")
        .hasMessageContaining(
            "spec.subnets[0].cidr: is given twice in document 2 (lines 14 and 15)");
  }

  @Test
  void jsonDuplicatesAndFlowMappingsAreFoundToo() {
    assertThat(YamlKeys.firstDuplicate("{\"a\": {\"b\": 1, \"b\": 2}}"))
        .get()
        .extracting(YamlKeys.Duplicate::path)
        .isEqualTo("a.b");
    assertThat(YamlKeys.firstDuplicate("a: {x: 1}\nb: {x: 1}\nc: [{x: 1}, {x: 2}]\n")).isEmpty();
  }
}
