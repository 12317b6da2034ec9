package dev.jkops.cloud.local.validate;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.pods.NodeSite;
import dev.jkops.cloud.local.pods.Pod;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.pods.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * validate's own pods, in namespace {@value PolicyProbePlan#NAMESPACE}: a server and a client on
 * every node. {@link #close()} kills their servers and deletes them, whatever happened; a leftover
 * from an interrupted run is removed before new ones start.
 */
final class ProbePods implements AutoCloseable {
  private final Kernel kernel;
  private final PodManager pods;
  private final ProbeServers servers;
  private final List<ProbeSite> sites = new ArrayList<>();

  ProbePods(Kernel kernel, PodManager pods) {
    this.kernel = kernel;
    this.pods = pods;
    this.servers = new ProbeServers(kernel.runner());
  }

  /** Removes probe pods an interrupted validate left behind. */
  static void removeLeftovers(Kernel kernel, PodManager pods) {
    List<Pod> left = pods.list().stream().filter(p -> p.namespace().equals(PolicyProbePlan.NAMESPACE)).toList();
    left.forEach(p -> ProbeServers.killAllIn(kernel.runner(), p.netns()));
    if (!left.isEmpty()) {
      pods.deleteAll(left);
    }
  }

  List<ProbeSite> start(List<NodeSite> nodes) {
    List<PodSpec> specs = new ArrayList<>();
    for (NodeSite n : nodes) {
      specs.add(spec(serverName(n), "server", n));
      specs.add(spec(clientName(n), "client", n));
    }
    pods.createAll(specs);
    for (NodeSite n : nodes) {
      Pod server = pods.get(PolicyProbePlan.NAMESPACE, serverName(n));
      Pod client = pods.get(PolicyProbePlan.NAMESPACE, clientName(n));
      servers.start(server.netns(), server.name(), ProbePlan.TCP_PORT, ProbePlan.UDP_PORT);
      sites.add(new ProbeSite(new ProbeEndpoint(n.node(), n.netns(), n.address(), n.node(), n.zone()),
          endpoint(server, n), endpoint(client, n)));
    }
    return List.copyOf(sites);
  }

  private static ProbeEndpoint endpoint(Pod p, NodeSite n) {
    return new ProbeEndpoint(p.name(), p.netns(), p.address(), n.node(), n.zone());
  }

  private static PodSpec spec(String name, String role, NodeSite n) {
    return new PodSpec(name, PolicyProbePlan.NAMESPACE, Map.of(PolicyProbePlan.ROLE_LABEL, role), Optional.of(n.node()));
  }

  static String serverName(NodeSite n) {
    return shorten("vs-" + n.node());
  }

  static String clientName(NodeSite n) {
    return shorten("vc-" + n.node());
  }

  private static String shorten(String s) {
    String t = s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return t.length() <= 63 ? t : t.substring(0, 54) + "-" + Integer.toHexString(s.hashCode() & 0xfffffff);
  }

  @Override
  public void close() {
    servers.close();
    removeLeftovers(kernel, pods);
  }
}
