package dev.jkops.cloud.local.policy;

import static dev.jkops.cloud.local.policy.PolicyFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.policy.Flow.Protocol;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {

  static boolean allows(PolicyWorld w, PolicyPod from, PolicyPod to, Protocol proto, int port) {
    return new PolicyEvaluator(w).allows(new Flow(from.address(), to.address(), proto, port));
  }

  @Test
  void withoutPoliciesEverythingIsAllowed() {
    PolicyWorld w = world();
    assertThat(allows(w, CLIENT, WEB, Protocol.TCP, 80)).isTrue();
    assertThat(allows(w, WEB, API, Protocol.ICMP, 0)).isTrue();
  }

  @Test
  void defaultDenyIngressDropsEverythingButTheOwnNodeAndReplies() {
    PolicyWorld w = world(policy("deny", "podSelector: {}"));
    assertThat(allows(w, CLIENT, WEB, Protocol.TCP, 80)).isFalse();
    assertThat(allows(w, OTHER, WEB, Protocol.ICMP, 0)).isFalse();
    assertThat(new PolicyEvaluator(w).allows(new Flow(N1, WEB.address(), Protocol.TCP, 80)))
        .isTrue();
    assertThat(new PolicyEvaluator(w).allows(new Flow(N1_BRIDGE, WEB.address(), Protocol.ICMP, 0)))
        .isTrue();
    assertThat(new PolicyEvaluator(w).allows(new Flow(N2, WEB.address(), Protocol.TCP, 80)))
        .isFalse();
    // the policy lives in default: prod/api is not isolated, and egress is untouched
    assertThat(allows(w, WEB, API, Protocol.TCP, 80)).isTrue();
  }

  @Test
  void podSelectorPeerAllowsOnlyMatchingPodsOfThePolicyNamespaceOnTheGivenPort() {
    PolicyWorld w =
        world(
            policy(
                "web",
                """
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from: [{podSelector: {matchLabels: {role: client}}}]
          ports: [{port: 80}]
        """));
    assertThat(allows(w, CLIENT, WEB, Protocol.TCP, 80)).isTrue();
    assertThat(allows(w, CLIENT, WEB, Protocol.TCP, 81)).isFalse();
    assertThat(allows(w, CLIENT, WEB, Protocol.UDP, 80)).isFalse();
    assertThat(allows(w, CLIENT, WEB, Protocol.ICMP, 0)).isFalse();
    assertThat(allows(w, API, WEB, Protocol.TCP, 80)).as("role=client but in prod").isFalse();
    assertThat(allows(w, OTHER, WEB, Protocol.TCP, 80)).isFalse();
    assertThat(allows(w, CLIENT, OTHER, Protocol.TCP, 80)).as("other is not selected").isTrue();
  }

  @Test
  void namespaceSelectorsAloneAndCombined() {
    PolicyWorld nsOnly =
        world(
            policy(
                "ns",
                """
        podSelector: {matchLabels: {app: web}}
        ingress: [{from: [{namespaceSelector: {matchLabels: {team: a}}}]}]
        """));
    assertThat(allows(nsOnly, API, WEB, Protocol.TCP, 1)).isTrue();
    assertThat(allows(nsOnly, CLIENT, WEB, Protocol.TCP, 1)).isFalse();

    PolicyWorld both =
        world(
            policy(
                "both",
                """
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from:
          - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: prod}}
            podSelector: {matchLabels: {app: nope}}
        """));
    assertThat(allows(both, API, WEB, Protocol.TCP, 1)).isFalse();
  }

  @Test
  void ipBlockWithExceptAndPortRanges() {
    PolicyWorld w =
        world(
            policy(
                "blk",
                """
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from: [{ipBlock: {cidr: 100.96.0.0/16, except: [100.96.2.3/32]}}]
          ports: [{protocol: UDP, port: 5000, endPort: 5010}]
        """));
    assertThat(allows(w, CLIENT, WEB, Protocol.UDP, 5005)).isTrue();
    assertThat(allows(w, CLIENT, WEB, Protocol.UDP, 5011)).isFalse();
    assertThat(allows(w, API, WEB, Protocol.UDP, 5005)).isFalse();
  }

  @Test
  void egressIsolationNeedsBothEnds() {
    PolicyWorld w =
        world(
            policy(
                "eg",
                """
        podSelector: {matchLabels: {role: client}}
        policyTypes: [Egress]
        egress: [{to: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 80}]}]
        """));
    assertThat(allows(w, CLIENT, WEB, Protocol.TCP, 80)).isTrue();
    assertThat(allows(w, CLIENT, WEB, Protocol.TCP, 443)).isFalse();
    assertThat(allows(w, CLIENT, OTHER, Protocol.TCP, 80)).isFalse();
    assertThat(allows(w, OTHER, CLIENT, Protocol.TCP, 80))
        .as("ingress to client is not isolated")
        .isTrue();
  }

  @Test
  void unionOfSeveralPoliciesAndAPodReachesItself() {
    PolicyWorld w =
        world(
            policy(
                "a",
                "podSelector: {matchLabels: {app: web}}\ningress: [{from: [{podSelector: {matchLabels: {app: other}}}]}]"),
            policy(
                "b",
                "podSelector: {}\ningress: [{from: [{podSelector: {matchLabels: {role: client}}}]}]"));
    assertThat(allows(w, OTHER, WEB, Protocol.TCP, 1)).isTrue();
    assertThat(allows(w, CLIENT, WEB, Protocol.TCP, 1)).isTrue();
    assertThat(allows(w, WEB, OTHER, Protocol.TCP, 1)).isFalse();
    assertThat(allows(w, WEB, WEB, Protocol.TCP, 1)).isTrue();
  }
}
