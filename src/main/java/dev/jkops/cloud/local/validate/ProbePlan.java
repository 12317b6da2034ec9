package dev.jkops.cloud.local.validate;

import dev.jkops.cloud.report.Probe;
import dev.jkops.cloud.report.ProbeCheck;
import dev.jkops.cloud.report.ProbeEndpoint;
import dev.jkops.cloud.report.ProbeProtocol;
import dev.jkops.cloud.report.ProbeSite;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which probes validate runs, as Kubernetes' conformance networking checks do, over ICMP, TCP and
 * UDP: pod to pod on the same node, across nodes in one zone and across zones, node to pod, and a
 * ping at the pod MTU with don't-fragment set between pods on different nodes, so an overlay that
 * forgot its 50 bytes fails here rather than on a user's large packet.
 *
 * <p>Probing every pair of nodes grows with the square of the node count (2550 probes for 25
 * nodes), so the plan is a deterministic sample that still reaches every node and every route: with
 * the nodes of each zone sorted by name, every node's server pod dials the next node of its zone (a
 * ring: each node sends to one peer and hears from another); for every ordered pair of zones A and
 * B, the k-th node of A dials the (k mod |B|)-th node of B for k up to the larger zone's size, so
 * every node sends to and hears from every other zone; every node dials its own server pod; and the
 * nodes that carry a client pod (one per zone) probe their own node's server. A node with a broken
 * bridge, a missing pod route in any zone's route table, or a cross-zone path that drops packets
 * fails at least one probe. The count is linear in the nodes: for n nodes in z zones about 3n(z +
 * 1) + n z probes.
 */
public final class ProbePlan {
  public static final int TCP_PORT = 8080;
  public static final int UDP_PORT = 8081;

  /** IPv4 (20) plus ICMP (8) header bytes: ping's payload for a packet of exactly the MTU. */
  public static final int ICMP_OVERHEAD = 28;

  /** IPv6 (40) plus ICMPv6 (8) header bytes, for a probe to an IPv6 address. */
  public static final int ICMPV6_OVERHEAD = 48;

  /** The header bytes a ping to {@code address} adds to its payload. */
  public static int icmpOverhead(String address) {
    return address.contains(":") ? ICMPV6_OVERHEAD : ICMP_OVERHEAD;
  }

  private ProbePlan() {}

  public static List<Probe> connectivity(List<ProbeSite> sites, int mtu) {
    Map<String, List<ProbeSite>> zones = byZone(sites);
    List<Probe> probes = new ArrayList<>();
    for (List<ProbeSite> zone : zones.values()) {
      for (int i = 0; i < zone.size(); i++) {
        ProbeSite a = zone.get(i);
        a.client()
            .ifPresent(
                c -> addAllProtocols(probes, ProbeCheck.POD_TO_POD_SAME_NODE, c, a.server()));
        if (zone.size() > 1) {
          ProbeSite b = zone.get((i + 1) % zone.size());
          addAllProtocols(probes, ProbeCheck.POD_TO_POD_ACROSS_NODES, a.server(), b.server());
          probes.add(mtuProbe(a, b, mtu));
        }
      }
    }
    for (List<ProbeSite> from : zones.values()) {
      for (List<ProbeSite> to : zones.values()) {
        if (from == to) {
          continue;
        }
        for (int k = 0; k < Math.max(from.size(), to.size()); k++) {
          ProbeSite a = from.get(k % from.size());
          ProbeSite b = to.get(k % to.size());
          addAllProtocols(probes, ProbeCheck.POD_TO_POD_ACROSS_ZONES, a.server(), b.server());
          probes.add(mtuProbe(a, b, mtu));
        }
      }
    }
    for (List<ProbeSite> zone : zones.values()) {
      for (ProbeSite s : zone) {
        addAllProtocols(probes, ProbeCheck.NODE_TO_POD, s.node(), s.server());
      }
    }
    return probes;
  }

  /**
   * The sites of each zone, zones and nodes sorted by name, so the sample does not depend on input
   * order.
   */
  static Map<String, List<ProbeSite>> byZone(List<ProbeSite> sites) {
    Map<String, List<ProbeSite>> zones = new TreeMap<>();
    for (ProbeSite s : sites) {
      zones.computeIfAbsent(s.zone(), z -> new ArrayList<>()).add(s);
    }
    zones.values().forEach(l -> l.sort(Comparator.comparing(s -> s.node().name())));
    return zones;
  }

  private static Probe mtuProbe(ProbeSite a, ProbeSite b, int mtu) {
    return new Probe(
        ProbeCheck.MTU,
        ProbeProtocol.ICMP,
        a.server(),
        b.server(),
        0,
        mtu - icmpOverhead(b.server().address()),
        true);
  }

  private static void addAllProtocols(
      List<Probe> probes, ProbeCheck check, ProbeEndpoint from, ProbeEndpoint to) {
    probes.add(new Probe(check, ProbeProtocol.ICMP, from, to, 0, 56, true));
    probes.add(new Probe(check, ProbeProtocol.TCP, from, to, TCP_PORT, 0, true));
    probes.add(new Probe(check, ProbeProtocol.UDP, from, to, UDP_PORT, 0, true));
  }
}
