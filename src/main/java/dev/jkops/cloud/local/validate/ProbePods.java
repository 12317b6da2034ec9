package dev.jkops.cloud.local.validate;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.pods.NodeSite;
import dev.jkops.cloud.local.pods.Pod;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.pods.PodSpec;
import dev.jkops.cloud.report.ProbeEndpoint;
import dev.jkops.cloud.report.ProbeSite;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * validate's own pods, in namespace {@value PolicyProbePlan#NAMESPACE}: a server on every node, and
 * a client on one node per zone ({@link #withClient}), for the same-node path and the NetworkPolicy
 * probes (a server pod dials the other nodes). Pods of different nodes are created {@value
 * #PARALLELISM} nodes at a time; their servers are started all at once and then awaited. {@link
 * #close()} kills their servers and deletes them, whatever happened; a leftover from an interrupted
 * run is removed before new ones start.
 */
final class ProbePods implements AutoCloseable {
  /**
   * Nodes set up at once: the work is mostly short processes (CNI plugins, ip), bounded for a small
   * machine.
   */
  static final int PARALLELISM = 4;

  private final Kernel kernel;
  private final PodManager pods;
  private final ProbeServers servers;
  private final Consumer<String> progress;

  ProbePods(Kernel kernel, PodManager pods, Consumer<String> progress) {
    this.kernel = kernel;
    this.pods = pods;
    this.servers = new ProbeServers(kernel.runner());
    this.progress = progress;
  }

  /** Removes probe pods an interrupted validate left behind. */
  static void removeLeftovers(Kernel kernel, PodManager pods) {
    List<Pod> left =
        pods.list().stream().filter(p -> p.namespace().equals(PolicyProbePlan.NAMESPACE)).toList();
    ProbeServers.killAllIn(left.stream().map(Pod::netns).toList());
    if (!left.isEmpty()) {
      pods.deleteAll(left, PARALLELISM);
    }
  }

  /** The nodes that get a client pod as well: the first node (by name) of each zone. */
  static Set<String> withClient(List<NodeSite> nodes) {
    Map<String, String> firstByZone = new TreeMap<>();
    nodes.stream()
        .sorted(Comparator.comparing(NodeSite::node))
        .forEach(n -> firstByZone.putIfAbsent(n.zone(), n.node()));
    return Set.copyOf(firstByZone.values());
  }

  List<ProbeSite> start(List<NodeSite> nodes) {
    Set<String> clients = withClient(nodes);
    List<PodSpec> specs = new ArrayList<>();
    for (NodeSite n : nodes) {
      specs.add(spec(serverName(n), "server", n));
      if (clients.contains(n.node())) {
        specs.add(spec(clientName(n), "client", n));
      }
    }
    long began = System.nanoTime();
    Map<String, Pod> created =
        pods.createAll(specs, PARALLELISM).stream().collect(Collectors.toMap(Pod::name, p -> p));
    progress.accept("Created " + created.size() + " probe pods in " + seconds(began));
    List<ProbeSite> sites = new ArrayList<>();
    for (NodeSite n : nodes) {
      Pod server = created.get(serverName(n));
      Optional<ProbeEndpoint> client =
          Optional.ofNullable(created.get(clientName(n))).map(c -> endpoint(c, n));
      sites.add(
          new ProbeSite(
              new ProbeEndpoint(n.node(), n.netns(), sendsToPodsFrom(n), n.node(), n.zone()),
              endpoint(server, n),
              client));
    }
    long serving = System.nanoTime();
    startServers(sites);
    progress.accept("Started " + sites.size() + " probe servers in " + seconds(serving));
    return List.copyOf(sites);
  }

  private void startServers(List<ProbeSite> sites) {
    servers.startAll(
        sites.stream()
            .map(
                s ->
                    ProbeServers.Spec.forAddress(
                        s.server().netns(), s.server().name(), s.server().address()))
            .toList(),
        ProbePlan.TCP_PORT,
        ProbePlan.UDP_PORT);
  }

  /**
   * The address a node's probes to pods leave from, which validate's node-to-pod rows print. Over
   * IPv4 its VPC address, as before. Over IPv6 (an IPv6 cluster's pods) the node's own address on
   * its pod bridge, the /80's gateway: the kernel sends from it toward the /80 the bridge holds
   * ({@code ip -6 route get POD} in the node says so), not from the node's IPv4 VPC address, which
   * an IPv6 probe cannot carry.
   */
  static String sendsToPodsFrom(NodeSite n) {
    return n.podRange().block().isIPv6() ? n.podRange().gateway() : n.address();
  }

  private static ProbeEndpoint endpoint(Pod p, NodeSite n) {
    return new ProbeEndpoint(p.name(), p.netns(), p.address(), n.node(), n.zone());
  }

  private static PodSpec spec(String name, String role, NodeSite n) {
    return new PodSpec(
        name,
        PolicyProbePlan.NAMESPACE,
        Map.of(PolicyProbePlan.ROLE_LABEL, role),
        Optional.of(n.node()));
  }

  static String serverName(NodeSite n) {
    return shorten("vs-" + n.node());
  }

  static String clientName(NodeSite n) {
    return shorten("vc-" + n.node());
  }

  private static String shorten(String s) {
    String t = s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return t.length() <= 63
        ? t
        : t.substring(0, 54) + "-" + Integer.toHexString(s.hashCode() & 0xfffffff);
  }

  /** Seconds since {@code sinceNanos}, as validate's progress lines print them. */
  static String seconds(long sinceNanos) {
    return String.format(java.util.Locale.ROOT, "%.1fs", (System.nanoTime() - sinceNanos) / 1e9);
  }

  @Override
  public void close() {
    long began = System.nanoTime();
    servers.close();
    removeLeftovers(kernel, pods);
    progress.accept("Removed the probe pods in " + seconds(began));
  }
}
