package dev.jkops.cloud.local.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.local.policy.NetworkPolicy;
import dev.jkops.cloud.local.policy.NetworkPolicyReader;
import dev.jkops.cloud.local.policy.PolicyCompiler;
import dev.jkops.cloud.local.policy.PolicyPod;
import dev.jkops.cloud.local.policy.PolicyWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A pod's coming or going reprograms only {@link PolicyProgrammer#affectedBy}: these tests check,
 * against the compiler itself, that every pod whose table text differs with and without the changed
 * pod is in that set (so the kernel ends up exactly as a full reprogram would leave it), and that
 * the set stays small.
 */
class PolicyProgrammerTest {
  private static final List<NetworkPolicy> POLICIES =
      NetworkPolicyReader.readAll(
          """
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: db, namespace: default}
          spec:
            podSelector: {matchLabels: {role: db}}
            ingress: [{from: [{podSelector: {matchLabels: {role: web}}}], ports: [{port: 5432}]}]
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: client-out, namespace: default}
          spec:
            podSelector: {matchLabels: {role: client}}
            policyTypes: [Egress]
            egress: [{to: [{namespaceSelector: {matchLabels: {team: a}}}]}]
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: deny, namespace: other}
          spec:
            podSelector: {}
            ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}]}]
          """,
          "policies.yaml");

  private static final Map<String, Map<String, String>> NAMESPACE_LABELS =
      Map.of("team-a", Map.of("team", "a"));

  private static List<PolicyPod> pods() {
    List<PolicyPod> pods = new ArrayList<>();
    String[][] specs = {
      {"default", "role", "db"},
      {"default", "role", "web"},
      {"default", "role", "client"},
      {"default", "app", "plain"},
      {"team-a", "role", "web"},
      {"team-a", "app", "plain"},
      {"other", "app", "plain"},
      {"other", "role", "db"},
    };
    for (int i = 0; i < specs.length; i++) {
      pods.add(
          new PolicyPod(
              "p" + i,
              specs[i][0],
              Map.of(specs[i][1], specs[i][2]),
              "100.96.1." + (10 + i),
              i % 2 == 0 ? "n1" : "n2"));
    }
    return pods;
  }

  private static PolicyWorld world(List<NetworkPolicy> policies, List<PolicyPod> pods) {
    return new PolicyWorld(
        policies,
        pods,
        NAMESPACE_LABELS,
        Map.of("n1", Set.of("172.20.32.10"), "n2", Set.of("172.20.32.11")));
  }

  /** The pods whose table text differs between the two worlds (or that are new and isolated). */
  private static Set<String> changedTables(PolicyWorld before, PolicyWorld after) {
    Set<String> out = new TreeSet<>();
    PolicyCompiler b = new PolicyCompiler(before);
    PolicyCompiler a = new PolicyCompiler(after);
    for (PolicyPod p : after.pods()) {
      var now = a.compile(p);
      boolean existed = before.pods().contains(p);
      if (existed ? !b.compile(p).table().equals(now.table()) : now.isolated()) {
        out.add(p.namespace() + "/" + p.name());
      }
    }
    return out;
  }

  private static Set<String> names(List<PolicyPod> pods) {
    Set<String> out = new TreeSet<>();
    pods.forEach(p -> out.add(p.namespace() + "/" + p.name()));
    return out;
  }

  @Test
  void everyTableANewOrGonePodChangesIsReprogrammedAndNoMore() {
    List<PolicyPod> all = pods();
    for (PolicyPod changed : all) {
      List<PolicyPod> without = new ArrayList<>(all);
      without.remove(changed);
      PolicyWorld before = world(POLICIES, without);
      PolicyWorld after = world(POLICIES, all);
      assertThat(names(PolicyProgrammer.affectedBy(after, List.of(changed))))
          .as("pods reprogrammed when %s comes", changed)
          .isEqualTo(changedTables(before, after));
      assertThat(names(PolicyProgrammer.affectedBy(before, List.of(changed))))
          .as("pods reprogrammed when %s goes", changed)
          .isEqualTo(changedTables(after, before));
    }
  }

  @Test
  void aPodNoPolicyNamesOrIsolatesChangesNothing() {
    List<PolicyPod> all = pods();
    PolicyPod plain = new PolicyPod("new", "default", Map.of("app", "x"), "100.96.1.99", "n1");
    List<PolicyPod> with = new ArrayList<>(all);
    with.add(plain);
    assertThat(PolicyProgrammer.affectedBy(world(POLICIES, with), List.of(plain))).isEmpty();
    assertThat(PolicyProgrammer.namesAny(world(POLICIES, with), List.of(plain))).isFalse();
    assertThat(PolicyProgrammer.affectedBy(world(List.of(), with), List.of(plain))).isEmpty();
  }

  @Test
  void aNewWebPodReprogramsTheDatabaseItMayReachAndNothingElse() {
    List<PolicyPod> all = pods();
    PolicyPod web = new PolicyPod("web2", "default", Map.of("role", "web"), "100.96.1.98", "n2");
    List<PolicyPod> with = new ArrayList<>(all);
    with.add(web);
    assertThat(names(PolicyProgrammer.affectedBy(world(POLICIES, with), List.of(web))))
        .containsExactly("default/p0");
  }
}
