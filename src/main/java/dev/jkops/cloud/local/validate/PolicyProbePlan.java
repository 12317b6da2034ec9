package dev.jkops.cloud.local.validate;

import dev.jkops.cloud.local.policy.Flow;
import dev.jkops.cloud.local.policy.NetworkPolicy;
import dev.jkops.cloud.local.policy.NetworkPolicyReader;
import dev.jkops.cloud.local.policy.PolicyEvaluator;
import dev.jkops.cloud.local.policy.PolicyWorld;
import dev.jkops.cloud.report.Probe;
import dev.jkops.cloud.report.ProbeCheck;
import dev.jkops.cloud.report.ProbeEndpoint;
import dev.jkops.cloud.report.ProbeProtocol;
import dev.jkops.cloud.report.ProbeSite;
import java.util.ArrayList;
import java.util.List;

/**
 * NetworkPolicy probes, for providers that enforce policy. Validate applies {@link #POLICY} (probe
 * servers accept only probe clients, on TCP {@value ProbePlan#TCP_PORT}) and checks it both ways:
 * what it allows must pass, what it denies must be dropped. Expectations come from {@link
 * PolicyEvaluator}, the plain statement of NetworkPolicy's meaning, not from hand-written answers.
 */
public final class PolicyProbePlan {
  public static final String NAMESPACE = "jkops-validate";
  public static final String ROLE_LABEL = "jkops.dev/probe";
  public static final String POLICY_YAML =
      """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: jkops-validate-servers, namespace: jkops-validate}
      spec:
        podSelector: {matchLabels: {jkops.dev/probe: server}}
        ingress:
        - from: [{podSelector: {matchLabels: {jkops.dev/probe: client}}}]
          ports: [{protocol: TCP, port: 8080}]
      """;
  public static final NetworkPolicy POLICY =
      NetworkPolicyReader.readAll(POLICY_YAML, "validate policy").get(0);

  private PolicyProbePlan() {}

  /**
   * For each node A that carries a client pod and a next node B (the next such node, or with one of
   * them the next node, or A itself when there is one node): client A to server B on TCP (allowed)
   * and UDP (denied: wrong port), server A to server B on TCP (denied: not a client), and node B to
   * server B (allowed: a pod's own node always gets in).
   */
  public static List<Probe> probes(List<ProbeSite> sites, PolicyWorld world) {
    PolicyEvaluator eval = new PolicyEvaluator(world);
    List<ProbeSite> all = ProbePlan.byZone(sites).values().stream().flatMap(List::stream).toList();
    List<ProbeSite> withClient = all.stream().filter(s -> s.client().isPresent()).toList();
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < withClient.size(); i++) {
      ProbeSite a = withClient.get(i);
      ProbeSite b =
          withClient.size() > 1
              ? withClient.get((i + 1) % withClient.size())
              : all.get((all.indexOf(a) + 1) % all.size());
      ProbeEndpoint client = a.client().orElseThrow();
      add(probes, eval, client, b.server(), ProbeProtocol.TCP, ProbePlan.TCP_PORT);
      add(probes, eval, client, b.server(), ProbeProtocol.UDP, ProbePlan.UDP_PORT);
      if (a != b) {
        add(probes, eval, a.server(), b.server(), ProbeProtocol.TCP, ProbePlan.TCP_PORT);
      }
      add(probes, eval, b.node(), b.server(), ProbeProtocol.TCP, ProbePlan.TCP_PORT);
    }
    return probes;
  }

  private static void add(
      List<Probe> probes,
      PolicyEvaluator eval,
      ProbeEndpoint from,
      ProbeEndpoint to,
      ProbeProtocol protocol,
      int port) {
    boolean allowed =
        eval.allows(
            new Flow(from.address(), to.address(), Flow.Protocol.valueOf(protocol.name()), port));
    probes.add(
        new Probe(
            allowed ? ProbeCheck.POLICY_ALLOWED : ProbeCheck.POLICY_DENIED,
            protocol,
            from,
            to,
            port,
            0,
            allowed));
  }
}
