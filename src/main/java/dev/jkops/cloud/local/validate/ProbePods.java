package dev.jkops.cloud.local.validate;

import dev.jkops.cloud.local.kernel.CommandTrace;
import dev.jkops.cloud.local.pods.NodeSite;
import dev.jkops.cloud.local.pods.Pod;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.pods.PodSpec;
import dev.jkops.cloud.report.ProbeEndpoint;
import dev.jkops.cloud.report.ProbeSite;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * validate's own pods, in namespace {@value PolicyProbePlan#NAMESPACE}: a server on every node, and
 * a client on one node per zone ({@link #withClient}), for the same-node path and the NetworkPolicy
 * probes (a server pod dials the other nodes).
 *
 * <p>Server pods are kept from one validate to the next, as a DaemonSet's pods stay (most of a
 * validate's time on a large cluster was making and removing them: two CNI calls each way per pod).
 * A kept server pod is used again only while it is intact: on a node validate probes, its node's
 * pod network unchanged since it was made ({@value #NODE_NETWORK_LABEL}, as a DaemonSet's pods
 * carry their template's hash), its address in the node's pod range, its {@code eth0} there and its
 * server running and listening. Any other pod in the namespace is removed and made again. Client
 * pods are made afresh on every run, so every validate still proves that the CNI gives a new pod
 * its interface in every zone, and removed at its end.
 *
 * <p>Pods of different nodes are created {@value #PARALLELISM} nodes at a time; new servers are
 * started all at once and then awaited. {@link #close()} removes every probe pod unless {@link
 * #keepServers()} was called (a validate that passed and keeps its pods): after a failure, an error
 * or an interruption the next validate starts afresh.
 */
final class ProbePods implements AutoCloseable {
  /**
   * Nodes set up at once: the work is mostly short processes (CNI plugins, ip), bounded for a small
   * machine.
   */
  static final int PARALLELISM = 4;

  /** A probe pod's label: a digest of its node's pod network when the pod was made. */
  static final String NODE_NETWORK_LABEL = "jkops.dev/node-network";

  private final PodManager pods;
  private final Consumer<String> progress;
  private boolean keepServers;

  ProbePods(PodManager pods, Consumer<String> progress) {
    this.pods = pods;
    this.progress = progress;
  }

  /** Removes every probe pod: those an interrupted validate left, or kept ones no longer wanted. */
  static void removeAll(PodManager pods) {
    remove(pods, probePods(pods));
  }

  private static void remove(PodManager pods, List<Pod> gone) {
    if (gone.isEmpty()) {
      return;
    }
    ProbeServers.killAllIn(gone.stream().map(Pod::netns).toList());
    pods.deleteAll(gone, PARALLELISM);
  }

  private static List<Pod> probePods(PodManager pods) {
    return pods.list().stream()
        .filter(p -> p.namespace().equals(PolicyProbePlan.NAMESPACE))
        .toList();
  }

  /** The nodes that get a client pod as well: the first node (by name) of each zone. */
  static Set<String> withClient(List<NodeSite> nodes) {
    Map<String, String> firstByZone = new TreeMap<>();
    nodes.stream()
        .sorted(Comparator.comparing(NodeSite::node))
        .forEach(n -> firstByZone.putIfAbsent(n.zone(), n.node()));
    return Set.copyOf(firstByZone.values());
  }

  /**
   * Readies a server pod on every node and a client on one node per zone: keeps the intact server
   * pods of the last validate, removes every other probe pod, makes what is missing, and starts the
   * new servers.
   */
  List<ProbeSite> start(List<NodeSite> nodes) {
    long began = System.nanoTime();
    CommandTrace.phase("validate: probe pods: check the kept ones");
    Map<String, Pod> ready = new HashMap<>();
    List<Pod> before = probePods(pods);
    intactServers(before, nodes).forEach(p -> ready.put(p.name(), p));
    CommandTrace.phase("validate: probe pods: remove the others");
    remove(pods, before.stream().filter(p -> !ready.containsKey(p.name())).toList());
    CommandTrace.phase("validate: probe pods: make new ones");
    Set<String> clients = withClient(nodes);
    List<PodSpec> specs = new ArrayList<>();
    for (NodeSite n : nodes) {
      if (!ready.containsKey(serverName(n))) {
        specs.add(spec(serverName(n), "server", n));
      }
      if (clients.contains(n.node())) {
        specs.add(spec(clientName(n), "client", n));
      }
    }
    List<Pod> created = pods.createAll(specs, PARALLELISM);
    created.forEach(p -> ready.put(p.name(), p));
    progress.accept(
        "Created "
            + created.size()
            + " probe pods in "
            + seconds(began)
            + (ready.size() > created.size()
                ? " (kept " + (ready.size() - created.size()) + " from the last validate)"
                : ""));
    List<ProbeSite> sites = new ArrayList<>();
    for (NodeSite n : nodes) {
      Pod server = ready.get(serverName(n));
      Optional<ProbeEndpoint> client =
          Optional.ofNullable(ready.get(clientName(n))).map(c -> endpoint(c, n));
      sites.add(
          new ProbeSite(
              new ProbeEndpoint(n.node(), n.netns(), sendsToPodsFrom(n), n.node(), n.zone()),
              endpoint(server, n),
              client));
    }
    long serving = System.nanoTime();
    CommandTrace.phase("validate: probe pods: start their servers");
    List<ProbeServers.Spec> newServers =
        created.stream()
            .filter(p -> "server".equals(p.labels().get(PolicyProbePlan.ROLE_LABEL)))
            .map(ProbePods::serverSpec)
            .toList();
    ProbeServers.startDetached(newServers, ProbePlan.TCP_PORT, ProbePlan.UDP_PORT);
    progress.accept("Started " + newServers.size() + " probe servers in " + seconds(serving));
    return List.copyOf(sites);
  }

  /**
   * The last validate's server pods that can serve this one (see the class comment); one pass over
   * {@code /proc} finds their servers.
   */
  private static List<Pod> intactServers(List<Pod> probePods, List<NodeSite> nodes) {
    Map<String, NodeSite> nodeOf = new HashMap<>();
    nodes.forEach(n -> nodeOf.put(serverName(n), n));
    List<Pod> candidates =
        probePods.stream()
            .filter(
                p -> {
                  NodeSite n = nodeOf.get(p.name());
                  return n != null
                      && n.node().equals(p.node())
                      && "server".equals(p.labels().get(PolicyProbePlan.ROLE_LABEL))
                      && nodeNetwork(n).equals(p.labels().get(NODE_NETWORK_LABEL))
                      && n.podRange().contains(p.address());
                })
            .toList();
    if (candidates.isEmpty()) {
      return List.of();
    }
    Map<String, List<Long>> running =
        ProbeServers.processesIn(candidates.stream().map(Pod::netns).toList());
    return candidates.stream()
        .filter(
            p ->
                ProbeServers.servingPid(
                        serverSpec(p),
                        ProbePlan.TCP_PORT,
                        ProbePlan.UDP_PORT,
                        running.getOrDefault(p.netns(), List.of()))
                    .filter(ProbePods::hasEth0)
                    .isPresent())
        .toList();
  }

  /**
   * Whether the namespace process {@code pid} is in still has the pod's {@code eth0}: a node's
   * namespace made again takes the other end of every pod's veth with the old one.
   */
  private static boolean hasEth0(long pid) {
    try {
      return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", pid + "/net/dev"))
          .stream()
          .anyMatch(l -> l.trim().startsWith("eth0:"));
    } catch (java.io.IOException | java.io.UncheckedIOException gone) {
      return false;
    }
  }

  /**
   * A digest of what a pod on {@code n} got from it: the node's namespace (its inode changes when
   * the node is made again), pod range, attachment (the CNI config itself), MTU, routes and own
   * addresses. A label value: 16 hex digits.
   */
  static String nodeNetwork(NodeSite n) {
    Object namespace = ProbeServers.fileKey(java.nio.file.Path.of("/run/netns", n.netns()));
    String canonical =
        String.join(
            "\n",
            n.node(),
            n.netns(),
            String.valueOf(namespace),
            n.podRange().toString(),
            n.attachment().toString(),
            Integer.toString(n.mtu()),
            n.podRoutes().stream().map(Object::toString).sorted().toList().toString(),
            new java.util.TreeSet<>(n.ownAddresses()).toString());
    try {
      byte[] sha =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(sha, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  private static ProbeServers.Spec serverSpec(Pod p) {
    return ProbeServers.Spec.forAddress(p.netns(), p.name(), p.address());
  }

  /** Keeps the server pods when this run closes (it passed); clients are removed all the same. */
  void keepServers() {
    keepServers = true;
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
        Map.of(PolicyProbePlan.ROLE_LABEL, role, NODE_NETWORK_LABEL, nodeNetwork(n)),
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
    if (keepServers) {
      remove(
          pods,
          probePods(pods).stream()
              .filter(p -> !"server".equals(p.labels().get(PolicyProbePlan.ROLE_LABEL)))
              .toList());
      progress.accept("Removed the client pods in " + seconds(began) + "; kept the server pods");
    } else {
      removeAll(pods);
      progress.accept("Removed the probe pods in " + seconds(began));
    }
  }
}
