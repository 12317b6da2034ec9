package dev.jkops.cloud.local.validate;

import java.util.ArrayList;
import java.util.List;

/**
 * Which probes validate runs, as Kubernetes' conformance networking checks do: from a client pod to
 * the server pod on its own node and on every other node (sorted into same zone and across zones),
 * from each node to the server on it, over ICMP, TCP and UDP; and a ping at the pod MTU with
 * don't-fragment set between pods on different nodes, so an overlay that forgot its 50 bytes fails
 * here rather than on a user's large packet.
 */
public final class ProbePlan {
  public static final int TCP_PORT = 8080;
  public static final int UDP_PORT = 8081;
  /** IPv4 (20) plus ICMP (8) header bytes: ping's payload for a packet of exactly the MTU. */
  public static final int ICMP_OVERHEAD = 28;

  private ProbePlan() {}

  public static List<Probe> connectivity(List<ProbeSite> sites, int mtu) {
    List<Probe> probes = new ArrayList<>();
    for (ProbeSite a : sites) {
      for (ProbeSite b : sites) {
        ProbeCheck check = a == b ? ProbeCheck.POD_TO_POD_SAME_NODE
            : a.node().zone().equals(b.node().zone()) ? ProbeCheck.POD_TO_POD_ACROSS_NODES
            : ProbeCheck.POD_TO_POD_ACROSS_ZONES;
        addAllProtocols(probes, check, a.client(), b.server());
      }
    }
    for (ProbeSite s : sites) {
      addAllProtocols(probes, ProbeCheck.NODE_TO_POD, s.node(), s.server());
    }
    for (ProbeSite a : sites) {
      for (ProbeSite b : sites) {
        if (a != b) {
          probes.add(new Probe(ProbeCheck.MTU, ProbeProtocol.ICMP, a.client(), b.server(), 0,
              mtu - ICMP_OVERHEAD, true));
        }
      }
    }
    return probes;
  }

  private static void addAllProtocols(List<Probe> probes, ProbeCheck check, ProbeEndpoint from, ProbeEndpoint to) {
    probes.add(new Probe(check, ProbeProtocol.ICMP, from, to, 0, 56, true));
    probes.add(new Probe(check, ProbeProtocol.TCP, from, to, TCP_PORT, 0, true));
    probes.add(new Probe(check, ProbeProtocol.UDP, from, to, UDP_PORT, 0, true));
  }
}
