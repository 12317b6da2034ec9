package dev.jkops.cloud.local.policy;

import static dev.jkops.cloud.local.policy.PolicyFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyCompilerTest {

  static PodRuleset compile(PolicyWorld w, PolicyPod pod) {
    return new PolicyCompiler(w).compile(pod);
  }

  @Test
  void aPodNoPolicySelectsAcceptsBothWays() {
    PodRuleset r = compile(world(policy("deny", "podSelector: {matchLabels: {app: web}}")), OTHER);
    assertThat(r.isolated()).isFalse();
    assertThat(r.table())
        .isEqualTo(
            """
        table inet jkops_policy {
        \tchain pod_ingress {
        \t\ttype filter hook input priority filter; policy accept;
        \t}
        \tchain pod_egress {
        \t\ttype filter hook output priority filter; policy accept;
        \t}
        }
        """);
  }

  @Test
  void defaultDenyKeepsRepliesLoopbackAndTheOwnNode() {
    PodRuleset r = compile(world(policy("deny", "podSelector: {}")), WEB);
    assertThat(r.ingressIsolated()).isTrue();
    assertThat(r.egressIsolated()).isFalse();
    assertThat(r.table())
        .isEqualTo(
            """
        table inet jkops_policy {
        \tchain pod_ingress {
        \t\ttype filter hook input priority filter; policy drop;
        \t\tct state established,related accept
        \t\tiifname "lo" accept
        \t\tip saddr { 100.96.1.1, 172.20.32.10 } accept comment "from its own node n1"
        \t}
        \tchain pod_egress {
        \t\ttype filter hook output priority filter; policy accept;
        \t}
        }
        """);
  }

  @Test
  void selectorPeersBecomeTheAddressesOfTheSelectedPodsTimesEachPort() {
    PodRuleset r =
        compile(
            world(
                policy(
                    "web",
                    """
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from:
          - podSelector: {matchLabels: {role: client}}
          - namespaceSelector: {matchLabels: {team: a}}
          ports: [{port: 80}, {protocol: UDP, port: 53, endPort: 54}, {protocol: SCTP}]
        """)),
            WEB);
    assertThat(r.table())
        .contains(
            "\t\tip saddr { 100.96.2.2, 100.96.2.3 } tcp dport 80 accept comment \"default/web ingress[0]\"\n"
                + "\t\tip saddr { 100.96.2.2, 100.96.2.3 } udp dport 53-54 accept comment \"default/web ingress[0]\"\n"
                + "\t\tip saddr { 100.96.2.2, 100.96.2.3 } meta l4proto sctp accept comment \"default/web ingress[0]\"\n");
  }

  @Test
  void ipBlockExceptIsANegatedSetAndEmptyPeersMeanAnySource() {
    PodRuleset r =
        compile(
            world(
                policy(
                    "blk",
                    """
        podSelector: {}
        ingress:
        - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.2.0.0/16]}}]
        - ports: [{port: 443}]
        """)),
            WEB);
    assertThat(r.table())
        .contains(
            "\t\tip saddr 10.0.0.0/8 ip saddr != { 10.1.0.0/16, 10.2.0.0/16 } accept comment \"default/blk ingress[0]\"\n")
        .contains("\t\ttcp dport 443 accept comment \"default/blk ingress[1]\"\n");
  }

  @Test
  void egressRulesMatchDestinationsAndNeverAddTheNode() {
    PodRuleset r =
        compile(
            world(
                policy(
                    "eg",
                    """
        podSelector: {matchLabels: {role: client}}
        policyTypes: [Egress]
        egress: [{to: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 80}]}]
        """)),
            CLIENT);
    assertThat(r.ingressIsolated()).isFalse();
    assertThat(r.table())
        .contains(
            """
        \tchain pod_egress {
        \t\ttype filter hook output priority filter; policy drop;
        \t\tct state established,related accept
        \t\toifname "lo" accept
        \t\tip daddr { 100.96.1.2 } tcp dport 80 accept comment "default/eg egress[0]"
        \t}
        """);
  }

  @Test
  void aRuleWhoseSelectorsPickNoPodAllowsNothingYet() {
    PodRuleset r =
        compile(
            world(
                policy(
                    "none",
                    """
        podSelector: {matchLabels: {app: web}}
        ingress: [{from: [{podSelector: {matchLabels: {app: ghost}}}]}]
        """)),
            WEB);
    assertThat(r.ingressIsolated()).isTrue();
    assertThat(r.table()).doesNotContain("default/none");
  }

  @Test
  void replaceScriptSwapsTheTableInOneTransaction() {
    PodRuleset r = compile(world(), WEB);
    assertThat(r.replaceScript())
        .startsWith(
            "table inet jkops_policy\ndelete table inet jkops_policy\ntable inet jkops_policy {\n");
  }
}
