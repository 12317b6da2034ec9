package dev.jkops.cloud.local.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.FieldError;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkPolicyReaderTest {

  static NetworkPolicy one(String yaml) {
    List<NetworkPolicy> all = NetworkPolicyReader.readAll(yaml, "policy.yaml");
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  static List<String> errorPaths(String yaml) {
    try {
      NetworkPolicyReader.readAll(yaml, "policy.yaml");
    } catch (ManifestException e) {
      return e.errors().stream().map(FieldError::path).toList();
    }
    throw new AssertionError("expected the policy to be refused");
  }

  @Test
  void readsEveryFieldOfTheV1Api() {
    NetworkPolicy p =
        one(
            """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web, namespace: shop}
        spec:
          podSelector:
            matchLabels: {app: web}
            matchExpressions:
            - {key: tier, operator: In, values: [front, edge]}
            - {key: canary, operator: DoesNotExist}
          policyTypes: [Ingress, Egress]
          ingress:
          - from:
            - podSelector: {matchLabels: {role: client}}
              namespaceSelector: {matchLabels: {team: a}}
            - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
            ports:
            - {protocol: TCP, port: 80}
            - {protocol: UDP, port: 5000, endPort: 5010}
          egress:
          - to: [{namespaceSelector: {}}]
        """);
    assertThat(p.qualifiedName()).isEqualTo("shop/web");
    assertThat(p.podSelector().matchLabels()).isEqualTo(Map.of("app", "web"));
    assertThat(p.podSelector().matchExpressions())
        .containsExactly(
            new SelectorRequirement(
                "tier", SelectorRequirement.Operator.In, List.of("front", "edge")),
            new SelectorRequirement(
                "canary", SelectorRequirement.Operator.DoesNotExist, List.of()));
    assertThat(p.policyTypes()).containsExactlyInAnyOrder(PolicyType.Ingress, PolicyType.Egress);
    PolicyRule in = p.ingress().get(0);
    assertThat(in.peers().get(0).podSelector())
        .contains(LabelSelector.of(Map.of("role", "client")));
    assertThat(in.peers().get(0).namespaceSelector())
        .contains(LabelSelector.of(Map.of("team", "a")));
    assertThat(in.peers().get(1).ipBlock())
        .contains(
            new IpBlock(PolicyCidr.parse("10.0.0.0/8"), List.of(PolicyCidr.parse("10.1.0.0/16"))));
    assertThat(in.ports())
        .containsExactly(
            PolicyPort.of(PolicyPort.Protocol.TCP, 80),
            new PolicyPort(PolicyPort.Protocol.UDP, Optional.of(5000), Optional.of(5010)));
    assertThat(p.egress().get(0).peers().get(0).namespaceSelector())
        .contains(LabelSelector.everything());
  }

  @Test
  void defaultsNamespaceSelectorAndPolicyTypesAsTheApiServerDoes() {
    NetworkPolicy denyAll =
        one(
            """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny}
        spec: {podSelector: {}}
        """);
    assertThat(denyAll.namespace()).isEqualTo("default");
    assertThat(denyAll.podSelector().isEverything()).isTrue();
    assertThat(denyAll.policyTypes()).isEqualTo(Set.of(PolicyType.Ingress));
    assertThat(denyAll.ingress()).isEmpty();

    NetworkPolicy withEgress =
        one(
            """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: e}
        spec:
          podSelector: {}
          egress: [{ports: [{port: 53, protocol: UDP}]}]
        """);
    assertThat(withEgress.policyTypes()).isEqualTo(Set.of(PolicyType.Ingress, PolicyType.Egress));

    NetworkPolicy emptyEgressList =
        one(
            """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: e}
        spec: {podSelector: {}, egress: []}
        """);
    assertThat(emptyEgressList.policyTypes()).isEqualTo(Set.of(PolicyType.Ingress));
  }

  @Test
  void readsAnAllowAllRuleAndAPortWithoutNumber() {
    NetworkPolicy p =
        one(
            """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: all}
        spec:
          podSelector: {}
          ingress: [{}]
          egress: [{ports: [{protocol: UDP}]}]
        """);
    assertThat(p.ingress()).containsExactly(PolicyRule.allowAll());
    assertThat(p.egress().get(0).ports())
        .containsExactly(
            new PolicyPort(PolicyPort.Protocol.UDP, Optional.empty(), Optional.empty()));
  }

  @Test
  void readsSeveralDocumentsAndKindList() {
    List<NetworkPolicy> all =
        NetworkPolicyReader.readAll(
            """
        apiVersion: v1
        kind: List
        items:
        - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: a}, spec: {}}
        - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: b}, spec: {}}
        ---
        apiVersion: extensions/v1beta1
        kind: NetworkPolicy
        metadata: {name: c}
        spec: {podSelector: {}}
        """,
            "p.yaml");
    assertThat(all).extracting(NetworkPolicy::name).containsExactly("a", "b", "c");
  }

  @Test
  void namesEveryBadFieldInOnePass() {
    List<String> paths =
        errorPaths(
            """
        apiVersion: networking.k8s.io/v2
        kind: NetworkPolicy
        metadata: {name: Bad_Name}
        spec:
          podSelector: {matchExpressions: [{key: a, operator: Is}]}
          policyTypes: [Ingress, Ingress, Sideways]
          ingress:
          - from:
            - {}
            - ipBlock: {cidr: 10.0.0.0/8}
              podSelector: {}
            - ipBlock: {cidr: 10.0.0.0/16, except: [192.168.0.0/24, 10.0.0.0/16]}
            - ipBlock: {cidr: "fd00::1/8"}
            ports:
            - {protocol: ICMP}
            - {port: 70000}
            - {port: 90, endPort: 80}
            - {port: http}
            - {endPort: 80}
          bogus: 1
        """);
    assertThat(paths)
        .containsExactlyInAnyOrder(
            "apiVersion",
            "metadata.name",
            "spec.podSelector.matchExpressions[0].operator",
            "spec.policyTypes[1]",
            "spec.policyTypes[2]",
            "spec.ingress[0].from[0]",
            "spec.ingress[0].from[1]",
            "spec.ingress[0].from[2].ipBlock.except[0]",
            "spec.ingress[0].from[2].ipBlock.except[1]",
            "spec.ingress[0].from[3].ipBlock.cidr",
            "spec.ingress[0].ports[0].protocol",
            "spec.ingress[0].ports[1].port",
            "spec.ingress[0].ports[2].endPort",
            "spec.ingress[0].ports[3].port",
            "spec.ingress[0].ports[4].port",
            "spec.bogus");
  }

  @Test
  void refusesSelectorRequirementsWithWrongValues() {
    assertThat(
            errorPaths(
                """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: x}
        spec:
          podSelector:
            matchExpressions:
            - {key: a, operator: In}
            - {key: b, operator: Exists, values: [x]}
            - {operator: Exists}
        """))
        .containsExactly(
            "spec.podSelector.matchExpressions[0].values",
            "spec.podSelector.matchExpressions[1].values",
            "spec.podSelector.matchExpressions[2].key");
  }

  @Test
  void errorMessageNamesTheFileDocumentAndFix() {
    assertThatThrownBy(
            () ->
                NetworkPolicyReader.readAll(
                    """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web}
        spec:
          ingress: [{ports: [{port: "80"}]}]
        """,
                    "web.yaml"))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining(
            "web.yaml: document 1 (NetworkPolicy web) is not a valid NetworkPolicy")
        .hasMessageContaining("spec.ingress[0].ports[0].port: Invalid value: \"80\"")
        .hasMessageContaining("without quotes");
  }

  @Test
  void refusesOtherKindsAndBrokenYaml() {
    assertThatThrownBy(
            () ->
                NetworkPolicyReader.readAll(
                    "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n", "f.yaml"))
        .hasMessageContaining("f.yaml: document 1 (Pod x): kind \"Pod\" is not NetworkPolicy");
    assertThatThrownBy(() -> NetworkPolicyReader.readAll("a: [1,\n", "f.yaml"))
        .hasMessageContaining("f.yaml is not valid YAML");
    assertThatThrownBy(() -> NetworkPolicyReader.readAll("", "f.yaml"))
        .hasMessageContaining("holds no Kubernetes objects");
  }
}
