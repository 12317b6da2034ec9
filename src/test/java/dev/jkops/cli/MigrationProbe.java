package dev.jkops.cli;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.pods.LocalPodCluster;
import dev.jkops.cloud.local.pods.Pod;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.pods.PodSpec;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A continuous, bounded probe between pods on two different nodes while a roll runs: every {@link
 * #PERIOD} one ping each way (timeout {@link #TIMEOUT}), from a pod on node A to a pod on node B
 * and back. A probe pod is a DaemonSet's pod: when the roll drains its node it is gone, and it is
 * started again once the node has been replaced (the node records the new mode). Probes are counted
 * only while both pods exist, so what is lost is the network, not a pod being moved.
 */
final class MigrationProbe implements Runnable {
  static final Duration PERIOD = Duration.ofMillis(100);
  static final Duration TIMEOUT = Duration.ofMillis(300);
  static final String NAMESPACE = "migration-probe";

  private final Kernel kernel = Kernel.system();
  private final ClusterStore clusters;
  private final String cluster;
  private final ClusterNames names;
  private final List<String> nodes;
  private final String newMode;
  private final int maxTicks;
  private final AtomicBoolean stop = new AtomicBoolean();
  int sent;
  int lost;
  int absent;
  int ticks;
  int lossyTicks;

  MigrationProbe(
      ClusterStore clusters,
      String cluster,
      ClusterNames names,
      List<String> nodes,
      String newMode,
      Duration bound) {
    this.clusters = clusters;
    this.cluster = cluster;
    this.names = names;
    this.nodes = List.copyOf(nodes);
    this.newMode = newMode;
    this.maxTicks = (int) (bound.toMillis() / PERIOD.toMillis());
  }

  void stop() {
    stop.set(true);
  }

  static String podName(String node) {
    return "probe-" + node.replaceAll("[^a-z0-9]", "-");
  }

  /** Starts the probe pods; called before the roll. */
  void start() {
    for (String n : nodes) {
      ensure(n, true);
    }
  }

  /** Deletes the probe pods (after the switch, so the next one starts its own). */
  void deletePods() {
    try {
      PodManager pods = pods();
      pods.list().stream()
          .filter(p -> p.namespace().equals(NAMESPACE))
          .forEach(p -> pods.delete(NAMESPACE, p.name()));
    } catch (RuntimeException e) {
      System.out.println("migration probe: could not delete its pods: " + e.getMessage());
    }
  }

  private PodManager pods() {
    ClusterBundle bundle = LocalPods.bundle(clusters, cluster);
    return new PodManager(kernel, LocalPodCluster.of(kernel, names, bundle));
  }

  private Optional<Pod> pod(PodManager pods, String node) {
    return pods.list().stream()
        .filter(
            p ->
                p.namespace().equals(NAMESPACE)
                    && p.name().equals(podName(node))
                    && kernel.netns().exists(p.netns()))
        .findFirst();
  }

  /**
   * Starts the node's probe pod when missing and the node may run it (always at start; after the
   * roll replaced it).
   */
  private void ensure(String node, boolean initial) {
    try {
      PodManager pods = pods();
      if (pod(pods, node).isPresent()) {
        return;
      }
      if (!initial && !replaced(node)) {
        return;
      }
      pods.list().stream()
          .filter(p -> p.namespace().equals(NAMESPACE) && p.name().equals(podName(node)))
          .findFirst()
          .ifPresent(p -> pods.delete(NAMESPACE, p.name()));
      Pod p =
          pods.create(
              new PodSpec(podName(node), NAMESPACE, Map.of("app", "probe"), Optional.of(node)));
      note("probe pod " + p.address() + " started on " + node + " (" + modeOf(node) + ")");
    } catch (RuntimeException e) {
      if (initial) {
        throw e;
      }
      // the node is being rebuilt right now; try again on the next tick
    }
  }

  private static void note(String line) {
    System.out.println(
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
            + " probe: "
            + line);
  }

  private String modeOf(String node) {
    try {
      java.nio.file.Path record = names.nodeDir(node).resolve("generation.yaml");
      return java.nio.file.Files.readString(record)
          .lines()
          .filter(l -> l.startsWith("mode: "))
          .findFirst()
          .map(l -> l.substring(6))
          .orElse("?");
    } catch (java.io.IOException | RuntimeException e) {
      return "no record";
    }
  }

  private boolean replaced(String node) {
    try {
      java.nio.file.Path record = names.nodeDir(node).resolve("generation.yaml");
      return java.nio.file.Files.isRegularFile(record)
          && java.nio.file.Files.readString(record).contains("mode: " + newMode + "\n")
          && kernel.netns().exists(names.instanceNamespace(node));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private Map<String, Pod> refresh() {
    Map<String, Pod> out = new java.util.HashMap<>();
    try {
      PodManager pods = pods();
      for (String n : nodes) {
        pod(pods, n).ifPresent(p -> out.put(n, p));
      }
    } catch (RuntimeException e) {
      // a node is being rebuilt; its pods count as absent until the next refresh
    }
    return out;
  }

  @Override
  public void run() {
    long next = System.nanoTime();
    Map<String, Pod> current = refresh();
    while (!stop.get() && ticks < maxTicks) {
      ticks++;
      if (ticks % 10 == 0) {
        nodes.forEach(n -> ensure(n, false));
        current = refresh();
      }
      boolean lossThisTick = false;
      for (int i = 0; i < nodes.size(); i++) {
        String from = nodes.get(i);
        String to = nodes.get((i + 1) % nodes.size());
        Pod a = current.get(from);
        Pod b = current.get(to);
        if (a == null
            || b == null
            || !kernel.netns().exists(a.netns())
            || !kernel.netns().exists(b.netns())) {
          absent++;
          continue;
        }
        sent++;
        boolean ok =
            kernel
                .ip(a.netns())
                .exec(
                    "probe " + from + " -> " + to,
                    Duration.ofSeconds(2),
                    "ping",
                    "-c",
                    "1",
                    "-q",
                    "-W",
                    String.format(java.util.Locale.ROOT, "%.1f", TIMEOUT.toMillis() / 1000.0),
                    b.address())
                .ok();
        if (!ok && kernel.netns().exists(a.netns()) && kernel.netns().exists(b.netns())) {
          lost++;
          lossThisTick = true;
          note(
              "lost "
                  + from
                  + " ("
                  + a.address()
                  + ", "
                  + modeOf(from)
                  + ") -> "
                  + to
                  + " ("
                  + b.address()
                  + ", "
                  + modeOf(to)
                  + ")");
        } else if (!ok) {
          sent--;
          absent++;
        }
      }
      if (lossThisTick) {
        lossyTicks++;
      }
      next = pause(next);
    }
  }

  private long pause(long next) {
    next += PERIOD.toNanos();
    long wait = next - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop.set(true);
      }
    } else {
      next = System.nanoTime();
    }
    return next;
  }

  /** Seconds in which probes were lost: the ticks with a loss, each one period long. */
  double disruptionSeconds() {
    return lossyTicks * PERIOD.toMillis() / 1000.0;
  }
}
