package dev.jkops.cloud.local.validate;

import dev.jkops.cloud.report.ProbeEndpoint;
import dev.jkops.cloud.report.ProbeSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Probe sites without a kernel: three hand-made nodes, and generated clusters of any shape. */
final class ValidateFixtures {
  private ValidateFixtures() {}

  static ProbeSite site(String node, String zone, int index) {
    return site(node, zone, index, true);
  }

  static ProbeSite site(String node, String zone, int index, boolean client) {
    String net = "100." + (96 + index / 250) + "." + (index % 250) + ".";
    return new ProbeSite(
        new ProbeEndpoint(
            node,
            "jk-abc123-" + node,
            "172.20." + (index / 250) + "." + (index % 250 + 1),
            node,
            zone),
        new ProbeEndpoint("vs-" + node, "jk-abc123-p-vs-" + node, net + "2", node, zone),
        client
            ? Optional.of(
                new ProbeEndpoint("vc-" + node, "jk-abc123-p-vc-" + node, net + "3", node, zone))
            : Optional.empty());
  }

  /** A master and a node in zone a, a node in zone b, each with a client pod. */
  static final List<ProbeSite> SITES =
      List.of(
          site("master-a-1", "us-test-1a", 1),
          site("nodes-a-1", "us-test-1a", 2),
          site("nodes-b-1", "us-test-1b", 3));

  /**
   * {@code nodes} nodes spread over {@code zones} zones, unevenly when {@code skew} (zone k gets
   * about twice zone k+1's share), with client pods where {@link ProbePods#withClient} would put
   * them.
   */
  static List<ProbeSite> cluster(int nodes, int zones, boolean skew) {
    List<String> zoneOf = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      int z = skew ? Math.min(zones - 1, Integer.numberOfTrailingZeros(i + 1)) : i % zones;
      zoneOf.add("zone-" + (char) ('a' + z));
    }
    List<ProbeSite> sites = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < nodes; i++) {
      String name = String.format("nodes-%s-%04d", zoneOf.get(i), i);
      sites.add(site(name, zoneOf.get(i), i + 1, seen.add(zoneOf.get(i))));
    }
    return sites;
  }
}
