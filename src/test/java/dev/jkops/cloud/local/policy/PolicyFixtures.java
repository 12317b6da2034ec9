package dev.jkops.cloud.local.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small cluster for policy tests: two nodes, four pods, two namespaces. */
final class PolicyFixtures {
  static final PolicyPod WEB =
      new PolicyPod("web", "default", Map.of("app", "web"), "100.96.1.2", "n1");
  static final PolicyPod OTHER =
      new PolicyPod("other", "default", Map.of("app", "other"), "100.96.1.3", "n1");
  static final PolicyPod CLIENT =
      new PolicyPod("client", "default", Map.of("role", "client"), "100.96.2.2", "n2");
  static final PolicyPod API =
      new PolicyPod("api", "prod", Map.of("app", "api", "role", "client"), "100.96.2.3", "n2");
  static final String N1 = "172.20.32.10";
  static final String N1_BRIDGE = "100.96.1.1";
  static final String N2 = "172.20.64.10";

  private PolicyFixtures() {}

  static PolicyWorld world(String... policyYaml) {
    List<NetworkPolicy> policies =
        java.util.Arrays.stream(policyYaml)
            .flatMap(y -> NetworkPolicyReader.readAll(y, "test.yaml").stream())
            .toList();
    return new PolicyWorld(
        policies,
        List.of(WEB, OTHER, CLIENT, API),
        Map.of("prod", Map.of("team", "a")),
        Map.of("n1", Set.of(N1, N1_BRIDGE), "n2", Set.of(N2, "100.96.2.1")));
  }

  static String policy(String name, String spec) {
    return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: "
        + name
        + "}\nspec:\n"
        + spec.indent(2);
  }
}
