package dev.jkops.cloud.report;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How much of the cluster a connectivity plan covers: node pairs (ordered, a node with itself
 * included) with at least one pod-to-pod probe between them, out of all of them, and likewise zone
 * pairs, so the report says plainly what was sampled.
 */
public record ProbeCoverage(
    int nodes, int nodePairsProbed, int nodePairs, int zonePairsProbed, int zonePairs) {

  public static ProbeCoverage of(List<ProbeSite> sites, List<Probe> probes) {
    Set<String> nodePairs = new HashSet<>();
    Set<String> zonePairs = new HashSet<>();
    for (Probe p : probes) {
      if (p.check() == ProbeCheck.POD_TO_POD_SAME_NODE
          || p.check() == ProbeCheck.POD_TO_POD_ACROSS_NODES
          || p.check() == ProbeCheck.POD_TO_POD_ACROSS_ZONES) {
        nodePairs.add(p.from().node() + "\n" + p.to().node());
        zonePairs.add(p.from().zone() + "\n" + p.to().zone());
      }
    }
    int zones = (int) sites.stream().map(ProbeSite::zone).distinct().count();
    return new ProbeCoverage(
        sites.size(),
        nodePairs.size(),
        sites.size() * sites.size(),
        zonePairs.size(),
        zones * zones);
  }

  /**
   * e.g. {@code 53 of 625 node pairs and 4 of 4 zone pairs probed (every node to and from ...)}.
   */
  public String summary() {
    return nodePairsProbed
        + " of "
        + nodePairs
        + " node pairs and "
        + zonePairsProbed
        + " of "
        + zonePairs
        + " zone pairs probed pod-to-pod (every node to and from a node of its own zone and of every other zone)";
  }
}
