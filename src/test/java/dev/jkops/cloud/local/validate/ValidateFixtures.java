package dev.jkops.cloud.local.validate;

import java.util.List;

/** Three nodes: a master and a node in zone a, a node in zone b. */
final class ValidateFixtures {
  private ValidateFixtures() {}

  static ProbeSite site(String node, String zone, int index) {
    String net = "100.96." + index + ".";
    return new ProbeSite(
        new ProbeEndpoint(node, "jk-abc123-" + node, "172.20." + (32 * index) + ".10", node, zone),
        new ProbeEndpoint("vs-" + node, "jk-abc123-p-vs-" + node, net + "2", node, zone),
        new ProbeEndpoint("vc-" + node, "jk-abc123-p-vc-" + node, net + "3", node, zone));
  }

  static final List<ProbeSite> SITES = List.of(
      site("master-a-1", "us-test-1a", 1), site("nodes-a-1", "us-test-1a", 2), site("nodes-b-1", "us-test-1b", 3));
}
