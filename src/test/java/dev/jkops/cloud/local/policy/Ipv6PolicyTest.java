package dev.jkops.cloud.local.policy;

import static dev.jkops.cloud.local.policy.PolicyFixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jkops.api.FieldError;
import dev.jkops.cloud.local.policy.Flow.Protocol;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ipBlock with IPv6 CIDRs, on pods with IPv6 addresses (an IPv6 cluster's). */
class Ipv6PolicyTest {
  static final PolicyPod WEB =
      new PolicyPod("web", "default", Map.of("app", "web"), "fd01:2345:6789:ab01:1::2", "n1");
  static final PolicyPod CLIENT =
      new PolicyPod(
          "client", "default", Map.of("role", "client"), "fd01:2345:6789:ab02:1::2", "n2");
  static final PolicyPod INTRUDER =
      new PolicyPod("intruder", "default", Map.of(), "fd01:2345:6789:ab02:1::3", "n2");
  static final String FROM_ZONE_B_BUT_THE_INTRUDER =
      """
      podSelector: {matchLabels: {app: web}}
      ingress:
      - from:
        - ipBlock: {cidr: "fd01:2345:6789:ab02::/64", except: ["fd01:2345:6789:ab02:1::3/128"]}
      """;

  static PolicyWorld world(String... yaml) {
    List<NetworkPolicy> policies =
        java.util.Arrays.stream(yaml)
            .flatMap(y -> NetworkPolicyReader.readAll(y, "test.yaml").stream())
            .toList();
    return new PolicyWorld(
        policies,
        List.of(WEB, CLIENT, INTRUDER),
        Map.of(),
        Map.of("n1", Set.of("fd01:2345:6789:ab01::2", "fd01:2345:6789:ab01:1::1")));
  }

  @Test
  void readsAnIpv6BlockAndItsExceptInRfc5952Form() {
    NetworkPolicy p =
        NetworkPolicyReader.readAll(
                policy(
                    "v6",
                    """
                    podSelector: {}
                    ingress:
                    - from:
                      - ipBlock: {cidr: "FD00:0:0::/48", except: ["fd00:0:0:1::/64"]}
                    """),
                "v6.yaml")
            .get(0);
    IpBlock block = p.ingress().get(0).peers().get(0).ipBlock().orElseThrow();
    assertThat(block.cidr()).hasToString("fd00::/48");
    assertThat(block.except()).extracting(Object::toString).containsExactly("fd00:0:0:1::/64");
    assertThat(block.contains("fd00::5")).isTrue();
    assertThat(block.contains("fd00:0:0:1::5")).isFalse();
    assertThat(block.contains("10.0.0.1")).isFalse();
  }

  @Test
  void refusesBadIpv6BlocksAndMixedFamiliesButKeepsTheIpv4Messages() {
    ManifestException e =
        catchThrowableOfType(
            ManifestException.class,
            () ->
                NetworkPolicyReader.readAll(
                    policy(
                        "bad",
                        """
                        podSelector: {}
                        ingress:
                        - from:
                          - ipBlock: {cidr: "fd00::1/8"}
                          - ipBlock: {cidr: "fd00::/8", except: [10.0.0.0/8]}
                          - ipBlock: {cidr: 10.0.0.1/8}
                        """),
                    "bad.yaml"));
    assertThat(e.errors())
        .extracting(FieldError::path)
        .containsExactly(
            "spec.ingress[0].from[0].ipBlock.cidr",
            "spec.ingress[0].from[1].ipBlock.except[0]",
            "spec.ingress[0].from[2].ipBlock.cidr");
    assertThat(e.getMessage())
        .contains("fd00::1/8 has host bits set; did you mean fd00::/8?")
        .contains("must be a strict subset of fd00::/8")
        .contains("10.0.0.1/8 has host bits set");
  }

  @Test
  void compilesIpv6BlocksIntoIp6MatchesAndLetsNeighbourDiscoveryThrough() {
    PodRuleset r =
        new PolicyCompiler(world(policy("b", FROM_ZONE_B_BUT_THE_INTRUDER))).compile(WEB);
    assertThat(r.table())
        .isEqualTo(
            """
        table inet jkops_policy {
        \tchain pod_ingress {
        \t\ttype filter hook input priority filter; policy drop;
        \t\tct state established,related accept
        \t\tiifname "lo" accept
        \t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept
        \t\tip6 saddr { fd01:2345:6789:ab01:1::1, fd01:2345:6789:ab01::2 } accept comment "from its own node n1"
        \t\tip6 saddr fd01:2345:6789:ab02::/64 ip6 saddr != { fd01:2345:6789:ab02:1::3/128 } accept comment "default/b ingress[0]"
        \t}
        \tchain pod_egress {
        \t\ttype filter hook output priority filter; policy accept;
        \t}
        }
        """);
  }

  @Test
  void selectorPeersOfIpv6PodsBecomeIp6Sets() {
    PodRuleset r =
        new PolicyCompiler(
                world(
                    policy(
                        "sel",
                        """
                        podSelector: {matchLabels: {app: web}}
                        ingress:
                        - from: [{podSelector: {matchLabels: {role: client}}}]
                          ports: [{port: 80}]
                        """)))
            .compile(WEB);
    assertThat(r.table())
        .contains(
            "ip6 saddr { fd01:2345:6789:ab02:1::2 } tcp dport 80 accept comment \"default/sel ingress[0]\"");
  }

  @Test
  void theEvaluatorAgreesWithTheRules() {
    PolicyEvaluator e = new PolicyEvaluator(world(policy("b", FROM_ZONE_B_BUT_THE_INTRUDER)));
    assertThat(e.allows(new Flow(CLIENT.address(), WEB.address(), Protocol.TCP, 80))).isTrue();
    assertThat(e.allows(new Flow(INTRUDER.address(), WEB.address(), Protocol.ICMP, 0))).isFalse();
    assertThat(e.allows(new Flow("fd01:2345:6789:ab01::2", WEB.address(), Protocol.TCP, 80)))
        .isTrue();
  }
}
