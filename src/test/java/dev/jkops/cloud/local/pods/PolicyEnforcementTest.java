package dev.jkops.cloud.local.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.policy.Flow;
import dev.jkops.cloud.local.policy.ManifestReader;
import dev.jkops.cloud.local.policy.NetworkPolicy;
import dev.jkops.cloud.local.policy.NetworkPolicyReader;
import dev.jkops.cloud.local.policy.PolicyEvaluator;
import dev.jkops.cloud.local.validate.KernelProbeRunner;
import dev.jkops.cloud.local.validate.ProbePlan;
import dev.jkops.cloud.local.validate.ProbeServers;
import dev.jkops.cloud.report.Probe;
import dev.jkops.cloud.report.ProbeCheck;
import dev.jkops.cloud.report.ProbeEndpoint;
import dev.jkops.cloud.report.ProbeProtocol;
import dev.jkops.testing.RequiresRoot;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every NetworkPolicy feature checked both ways with real packets: what a policy allows passes,
 * what it denies is dropped; and the kernel agrees with {@link PolicyEvaluator} on every probe.
 */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyEnforcementTest {
  TwoNodeSubstrate s;
  PodManager m;
  PolicyStore store;
  ProbeServers servers;
  final KernelProbeRunner runner =
      new KernelProbeRunner(dev.jkops.cloud.local.kernel.CommandRunner.system());

  @BeforeAll
  void cluster() throws Exception {
    s = new TwoNodeSubstrate(true, false);
    m = new PodManager(s.kernel, s.cluster);
    store = new PolicyStore(s.runtime);
    store.putNamespaceLabels("prod", Map.of("team", "a"));
    m.createAll(
        java.util.List.of(
            new PodSpec("web", "default", Map.of("app", "web"), Optional.of("n1")),
            new PodSpec("other", "default", Map.of("app", "other"), Optional.of("n1")),
            new PodSpec("client", "default", Map.of("role", "client"), Optional.of("n2")),
            new PodSpec("api", "prod", Map.of("role", "client"), Optional.of("n2"))));
    servers = new ProbeServers(s.kernel.runner());
    for (Pod p : m.list()) {
      servers.start(p.netns(), p.name(), ProbePlan.TCP_PORT, ProbePlan.UDP_PORT);
    }
  }

  @AfterAll
  void teardown() throws Exception {
    if (servers != null) {
      servers.close();
    }
    if (s != null) {
      m.deleteAll(m.list());
      s.close();
      assertThat(s.leftovers()).isEmpty();
    }
  }

  @BeforeEach
  void noPolicies() {
    store.policies().forEach(p -> store.deletePolicy(p.namespace(), p.name()));
    m.reprogramPolicy();
  }

  void apply(String spec) {
    String yaml =
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: default}\n"
            + "spec:\n"
            + spec.indent(2);
    NetworkPolicy p = NetworkPolicyReader.read(ManifestReader.read(yaml, "t.yaml").get(0));
    store.putPolicy(p, yaml);
    m.reprogramPolicy();
  }

  ProbeEndpoint endpoint(String ns, String name) {
    Pod p = m.get(ns, name);
    return new ProbeEndpoint(p.name(), p.netns(), p.address(), p.node(), "");
  }

  ProbeEndpoint node(String name) {
    NodeSite n = s.cluster.requireNode(name);
    return new ProbeEndpoint(n.node(), n.netns(), n.address(), n.node(), n.zone());
  }

  /** Sends the probe and checks the kernel did what the evaluator says policy means. */
  boolean reaches(ProbeEndpoint from, ProbeEndpoint to, ProbeProtocol proto) {
    int port = proto == ProbeProtocol.UDP ? ProbePlan.UDP_PORT : ProbePlan.TCP_PORT;
    var result = runner.run(new Probe(ProbeCheck.POLICY_ALLOWED, proto, from, to, port, 56, true));
    boolean reached = result.reached();
    var world =
        PolicyProgrammer.world(
            m.list(), store.policies(), store.namespaceLabels(), s.cluster.nodes());
    boolean model =
        new PolicyEvaluator(world)
            .allows(
                new Flow(from.address(), to.address(), Flow.Protocol.valueOf(proto.name()), port));
    assertThat(reached)
        .as("kernel vs evaluator for %s -> %s %s", from.name(), to.name(), proto)
        .isEqualTo(model);
    return reached;
  }

  ProbeEndpoint web() {
    return endpoint("default", "web");
  }

  @Test
  void withoutPolicyEverythingPasses() {
    assertThat(reaches(endpoint("default", "client"), web(), ProbeProtocol.TCP)).isTrue();
    assertThat(reaches(endpoint("default", "other"), web(), ProbeProtocol.UDP)).isTrue();
    assertThat(reaches(endpoint("prod", "api"), web(), ProbeProtocol.ICMP)).isTrue();
  }

  @Test
  void defaultDenyDropsPodsButNotTheOwnNodeOrReplies() {
    apply("podSelector: {}");
    assertThat(reaches(endpoint("default", "client"), web(), ProbeProtocol.TCP)).isFalse();
    assertThat(reaches(endpoint("default", "other"), web(), ProbeProtocol.ICMP)).isFalse();
    assertThat(reaches(node("n1"), web(), ProbeProtocol.TCP)).as("own node").isTrue();
    assertThat(reaches(node("n2"), web(), ProbeProtocol.TCP)).as("another node").isFalse();
    assertThat(reaches(web(), endpoint("default", "client"), ProbeProtocol.TCP))
        .as("web's own connection out: its reply comes back through established")
        .isFalse();
  }

  @Test
  void podSelectorAndPortsAllowOnlyWhatTheySay() {
    apply(
        """
        podSelector: {matchLabels: {app: web}}
        ingress: [{from: [{podSelector: {matchLabels: {role: client}}}], ports: [{protocol: TCP, port: 8080}]}]
        """);
    assertThat(reaches(endpoint("default", "client"), web(), ProbeProtocol.TCP)).isTrue();
    assertThat(reaches(endpoint("default", "client"), web(), ProbeProtocol.UDP)).isFalse();
    assertThat(reaches(endpoint("default", "other"), web(), ProbeProtocol.TCP)).isFalse();
    assertThat(reaches(endpoint("prod", "api"), web(), ProbeProtocol.TCP))
        .as("role=client in prod")
        .isFalse();
    assertThat(
            reaches(endpoint("default", "client"), endpoint("default", "other"), ProbeProtocol.TCP))
        .isTrue();
  }

  @Test
  void namespaceSelectorAndIpBlockWithExcept() {
    apply(
        """
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from: [{namespaceSelector: {matchLabels: {team: a}}}]
        - from: [{ipBlock: {cidr: 100.96.0.0/16, except: [100.96.1.0/24]}}]
          ports: [{protocol: UDP, port: 8000, endPort: 9000}]
        """);
    assertThat(reaches(endpoint("prod", "api"), web(), ProbeProtocol.TCP)).isTrue();
    assertThat(reaches(endpoint("default", "client"), web(), ProbeProtocol.UDP))
        .as("ipBlock, port in range")
        .isTrue();
    assertThat(reaches(endpoint("default", "client"), web(), ProbeProtocol.TCP))
        .as("ipBlock, wrong protocol")
        .isFalse();
    assertThat(reaches(endpoint("default", "other"), web(), ProbeProtocol.UDP))
        .as("excepted range")
        .isFalse();
  }

  @Test
  void egressIsolatesTheSenderAndNewPodsArePickedUp() {
    apply(
        """
        podSelector: {matchLabels: {role: client}}
        policyTypes: [Egress]
        egress: [{to: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 8080}]}]
        """);
    assertThat(reaches(endpoint("default", "client"), web(), ProbeProtocol.TCP)).isTrue();
    assertThat(
            reaches(endpoint("default", "client"), endpoint("default", "other"), ProbeProtocol.TCP))
        .isFalse();
    assertThat(
            reaches(endpoint("default", "other"), endpoint("default", "client"), ProbeProtocol.TCP))
        .isTrue();
    Pod web2 = m.create(new PodSpec("web2", "default", Map.of("app", "web"), Optional.of("n2")));
    try {
      servers.start(web2.netns(), "web2", ProbePlan.TCP_PORT, ProbePlan.UDP_PORT);
      assertThat(
              reaches(
                  endpoint("default", "client"), endpoint("default", "web2"), ProbeProtocol.TCP))
          .as("a pod created after the policy is allowed once it matches")
          .isTrue();
    } finally {
      ProbeServers.killAllIn(s.kernel.runner(), web2.netns());
      m.delete("default", "web2");
    }
  }
}
