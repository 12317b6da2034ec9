package dev.jkops.cloud.local.pods;

import dev.jkops.api.StepMarks;
import dev.jkops.cloud.local.kernel.CommandResult;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.Netns;
import dev.jkops.cloud.local.runtime.NodeLog;
import dev.jkops.cloud.local.runtime.Parallel;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Pods on a running local cluster: create (a namespace, eth0 from the node's network, an address
 * checked against the node's pod range, a record, a line in the node's log), delete (CNI DEL, the
 * namespace by its exact name, the record, a log line), list and exec. Where the provider enforces
 * NetworkPolicy, every pod's tables are reprogrammed whenever pods come or go.
 */
public final class PodManager {
  private final Kernel kernel;
  private final PodCluster cluster;
  private final PodStore store;
  private final PolicyStore policies;
  private final PodNetwork network;
  private final PendingPods pending;

  public PodManager(Kernel kernel, PodCluster cluster) {
    this.kernel = kernel;
    this.cluster = cluster;
    this.store = new PodStore(cluster.runtimeDir());
    this.policies = new PolicyStore(cluster.runtimeDir());
    this.network = new PodNetwork(kernel);
    this.pending = new PendingPods(cluster.runtimeDir());
  }

  public PodCluster cluster() {
    return cluster;
  }

  public List<Pod> list() {
    return store.list();
  }

  public Pod get(String namespace, String name) {
    return store
        .get(namespace, name)
        .orElseThrow(
            () ->
                new PodException(
                    "pod \""
                        + name
                        + "\" not found in namespace \""
                        + namespace
                        + "\" of cluster "
                        + cluster.clusterName()
                        + "; `jkops get pods` lists them"));
  }

  /** Creates one pod and reprograms NetworkPolicy. */
  public Pod create(PodSpec spec) {
    return create(spec, pod -> List.of());
  }

  /**
   * Creates one pod, writing {@code alongside} (what the pod was created with, for the API server)
   * in the same transaction as its record, and reprograms NetworkPolicy.
   */
  public Pod create(
      PodSpec spec,
      java.util.function.Function<
              Pod, List<dev.jkops.cloud.local.runtime.ClusterRuntimeStore.Write>>
          alongside) {
    Pod pod = createWithoutPolicy(spec, alongside);
    programAfterPodsChanged(List.of(pod));
    StepMarks.mark("policy-checked");
    return pod;
  }

  /** Creates several pods, programming NetworkPolicy once at the end. */
  public List<Pod> createAll(List<PodSpec> specs) {
    List<Pod> pods = new ArrayList<>();
    try {
      for (PodSpec s : specs) {
        pods.add(createWithoutPolicy(s));
      }
    } finally {
      programAfterPodsChanged(pods);
    }
    return pods;
  }

  /**
   * Creates several pods, the pods of different nodes at the same time (up to {@code parallelism}
   * nodes at once: each node has its own CNI configuration and address range), each node's in
   * order, and programs NetworkPolicy once at the end. Every node's work finishes before this
   * returns; then the first failure is thrown, and the pods that were created stay for the caller
   * to delete.
   */
  public List<Pod> createAll(List<PodSpec> specs, int parallelism) {
    Map<String, List<PodSpec>> byNode =
        specs.stream()
            .collect(
                Collectors.groupingBy(
                    s -> s.node().orElse(""), java.util.LinkedHashMap::new, Collectors.toList()));
    List<Pod> pods = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      onEachNode(
          byNode,
          parallelism,
          (node, onNode) -> onNode.forEach(s -> pods.add(createWithoutPolicy(s))));
    } finally {
      programAfterPodsChanged(List.copyOf(pods));
    }
    return List.copyOf(pods);
  }

  /**
   * Deletes several pods, the pods of different nodes at the same time (up to {@code parallelism}),
   * reprogramming NetworkPolicy once; keeps going past failures and reports them all.
   */
  public void deleteAll(List<Pod> pods, int parallelism) {
    Map<String, List<Pod>> byNode =
        pods.stream()
            .collect(
                Collectors.groupingBy(
                    Pod::node, java.util.LinkedHashMap::new, Collectors.toList()));
    List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      onEachNode(
          byNode,
          parallelism,
          (node, onNode) -> {
            for (Pod p : onNode) {
              try {
                deleteWithoutPolicy(p);
              } catch (RuntimeException e) {
                errors.add(p.qualifiedName() + ": " + e.getMessage());
              }
            }
          });
    } finally {
      programAfterPodsChanged(pods);
    }
    if (!errors.isEmpty()) {
      throw new PodException("could not delete every pod:\n  " + String.join("\n  ", errors));
    }
  }

  /**
   * Runs {@code work} for every node's items, up to {@code parallelism} nodes at once; rethrows the
   * first failure.
   */
  private static <T> void onEachNode(
      Map<String, List<T>> byNode,
      int parallelism,
      java.util.function.BiConsumer<String, List<T>> work) {
    Parallel.map(
        List.copyOf(byNode.entrySet()),
        parallelism,
        "jkops-pods",
        e -> {
          work.accept(e.getKey(), e.getValue());
          return e.getKey();
        },
        "creating or deleting pods",
        PodException::new);
  }

  private Pod createWithoutPolicy(PodSpec spec) {
    return createWithoutPolicy(spec, pod -> List.of());
  }

  private Pod createWithoutPolicy(
      PodSpec spec,
      java.util.function.Function<
              Pod, List<dev.jkops.cloud.local.runtime.ClusterRuntimeStore.Write>>
          alongside) {
    // the quorum check (each member's status) and the read of the pod's record ask etcd different
    // things: both at once; the check is waited for before any kernel work, as before
    java.util.concurrent.CompletableFuture<Void> writable =
        java.util.concurrent.CompletableFuture.runAsync(store::checkWritable);
    if (store.getBeforePut(spec.namespace(), spec.name()).isPresent()) {
      throw new PodException.AlreadyExists(
          "pod \""
              + spec.name()
              + "\" already exists in namespace \""
              + spec.namespace()
              + "\"; delete it first or pick another name");
    }
    StepMarks.mark("pod-existence-checked");
    NodeSite node = spec.node().map(cluster::requireNode).orElseGet(this::leastLoadedNode);
    if (node.attachment() instanceof PodAttachment.NoPodNetwork none) {
      throw new PodException(
          "pod "
              + spec.namespace()
              + "/"
              + spec.name()
              + " cannot start on node "
              + node.node()
              + ": "
              + none.reason());
    }
    String netns = cluster.podNetns().apply(spec.namespace(), spec.name());
    String containerId = UUID.randomUUID().toString().replace("-", "");
    Netns namespaces = kernel.netns();
    awaitWritable(writable); // refuse before any kernel work when the control plane cannot take
    // the record
    StepMarks.mark("quorum-checked");
    if (namespaces.exists(netns)) {
      reclaimInterrupted(netns, spec);
    }
    pending.begin(netns, node.node(), containerId);
    StepMarks.mark("pending-noted");
    namespaces.add(netns);
    StepMarks.mark("netns-added");
    PodNetwork.Attached attached;
    try {
      attached = network.attach(node, netns, containerId);
      StepMarks.mark("cni-added");
    } catch (RuntimeException e) {
      namespaces.delete(netns);
      pending.end(netns);
      throw e;
    }
    String address = attached.address().substring(0, attached.address().indexOf('/'));
    Pod pod =
        new Pod(
            spec.name(),
            spec.namespace(),
            spec.labels(),
            node.node(),
            netns,
            containerId,
            address,
            attached.attachment(),
            attached.cniResult(),
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    if (!node.podRange().contains(address)) {
      network.detach(node, pod);
      namespaces.delete(netns);
      pending.end(netns);
      throw new PodException(
          "pod "
              + pod.qualifiedName()
              + " got address "
              + address
              + " on node "
              + node.node()
              + ", outside the node's pod range "
              + node.podRange()
              + "; the node's CNI config is wrong");
    }
    try {
      store.put(pod, alongside.apply(pod));
      StepMarks.mark("record-written");
    } catch (RuntimeException e) {
      // nothing half-way: a pod without its record would be invisible, so undo its network
      network.detach(node, pod);
      namespaces.delete(netns);
      pending.end(netns);
      throw e;
    }
    pending.end(netns);
    NodeLog.append(
        node.log(),
        "ADD",
        pod.qualifiedName()
            + " netns="
            + netns
            + " eth0="
            + attached.address()
            + " via "
            + attached.attachment()
            + " container="
            + containerId);
    StepMarks.mark("node-logged");
    return pod;
  }

  /** Waits for {@link PodStore#checkWritable} run on another thread; throws what it threw. */
  private static void awaitWritable(java.util.concurrent.CompletableFuture<Void> writable) {
    try {
      writable.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /**
   * A pod namespace without a pod record: a create of this pod that was killed after it made the
   * namespace and before it wrote the record (every command that creates pods holds the cluster's
   * lock, and a failed create undoes itself, so nothing else leaves one). What its CNI plugins
   * handed out is released with CNI DEL under the container id the create noted, then the namespace
   * goes, and the create starts again from nothing.
   */
  private void reclaimInterrupted(String netns, PodSpec spec) {
    var noted = pending.get(netns);
    var node = noted.flatMap(p -> cluster.node(p.node()));
    List<String> errors =
        node.isPresent()
            ? network.detach(node.get(), netns, noted.get().containerId(), null)
            : List.of();
    kernel.netns().delete(netns);
    pending.end(netns);
    node.ifPresent(
        n ->
            NodeLog.append(
                n.log(),
                "RECLAIM",
                spec.namespace()
                    + "/"
                    + spec.name()
                    + " netns="
                    + netns
                    + " container="
                    + noted.get().containerId()
                    + " (left by an interrupted create)"
                    + (errors.isEmpty() ? "" : "; CNI DEL: " + errors)));
  }

  /** Deletes a pod: CNI DEL on its node, its namespace by exact name, its record. */
  public void delete(String namespace, String name) {
    Pod pod = get(namespace, name);
    deleteWithoutPolicy(pod);
    programAfterPodsChanged(List.of(pod));
  }

  /**
   * Deletes several pods, reprogramming NetworkPolicy once; keeps going past failures and reports
   * them all.
   */
  public void deleteAll(List<Pod> pods) {
    List<String> errors = new ArrayList<>();
    for (Pod p : pods) {
      try {
        deleteWithoutPolicy(p);
      } catch (RuntimeException e) {
        errors.add(p.qualifiedName() + ": " + e.getMessage());
      }
    }
    programAfterPodsChanged(pods);
    if (!errors.isEmpty()) {
      throw new PodException("could not delete every pod:\n  " + String.join("\n  ", errors));
    }
  }

  private void deleteWithoutPolicy(Pod pod) {
    store.checkWritable(); // the record must be removable before the pod's network goes
    var node = cluster.node(pod.node());
    List<String> errors =
        node.isPresent() && kernel.netns().exists(pod.netns())
            ? network.detach(node.get(), pod)
            : List.of();
    List<String> killed =
        kernel.netns().exists(pod.netns()) ? kernel.netns().killProcesses(pod.netns()) : List.of();
    kernel.netns().delete(pod.netns());
    store.delete(pod.namespace(), pod.name());
    node.ifPresent(
        n ->
            NodeLog.append(
                n.log(),
                "DEL",
                pod.qualifiedName()
                    + " netns="
                    + pod.netns()
                    + " eth0="
                    + pod.address()
                    + " container="
                    + pod.containerId()
                    + (killed.isEmpty()
                        ? ""
                        : " killed=" + String.join(",", killed).replace(' ', ':'))));
    if (!errors.isEmpty()) {
      node.ifPresent(
          n ->
              NodeLog.append(
                  n.log(), "WARN", "CNI DEL for " + pod.qualifiedName() + ": " + errors));
    }
  }

  /** Runs {@code command} in the pod's network namespace, up to {@code timeout}. */
  public CommandResult exec(String namespace, String name, List<String> command, Duration timeout) {
    Pod pod = get(namespace, name);
    return kernel
        .ip(pod.netns())
        .exec(
            "run " + String.join(" ", command) + " in pod " + pod.qualifiedName(),
            timeout,
            command.toArray(String[]::new));
  }

  /**
   * Runs {@code command} in the pod's network namespace with its output passed on as it comes
   * ({@link dev.jkops.cloud.local.kernel.NetnsIp#execStreaming}); returns its exit code.
   */
  public int execStreaming(
      String namespace,
      String name,
      List<String> command,
      Duration timeout,
      java.io.InputStream stdin,
      java.io.Writer out,
      java.io.Writer err) {
    Pod pod = get(namespace, name);
    return kernel
        .ip(pod.netns())
        .execStreaming(
            "run " + String.join(" ", command) + " in pod " + pod.qualifiedName(),
            timeout,
            stdin,
            out,
            err,
            command);
  }

  /**
   * After pods came or went ({@code changed}: the new ones and the gone ones): on a provider that
   * enforces NetworkPolicy, only the pods whose tables they change are programmed ({@link
   * PolicyProgrammer#affectedBy}): the pods isolated by a policy whose rules name a changed pod as
   * a peer, and a new pod some policy isolates. With no policy stored nothing runs at all: no table
   * can isolate anything, and a new pod's namespace is fresh. So a pod's setup costs the same with
   * 1,000 pods present as with none. On a provider that doesn't enforce policy nothing a pod's
   * coming or going does can need a ruleset either. A table left from when the cluster enforced
   * policy (a networking switch whose roll has not reached the pod's node yet) is removed by {@link
   * #reprogramPolicy()}, which {@code jkops apply} runs, and goes with the pod when the roll
   * replaces its node.
   */
  private void programAfterPodsChanged(List<Pod> changed) {
    if (changed.isEmpty() || !cluster.enforcesNetworkPolicy()) {
      return;
    }
    PolicyStore.Stored read = policies.policiesAndNamespaceLabels();
    var stored = read.policies();
    if (stored.isEmpty()) {
      return;
    }
    var namespaceLabels = read.namespaceLabels();
    var changedPods = changed.stream().map(PolicyProgrammer::policyPod).toList();
    // Whether any policy names or isolates a changed pod needs the policies alone: when none
    // does, no table changes and the cluster's pods are not even read.
    var policiesOnly =
        new dev.jkops.cloud.local.policy.PolicyWorld(
            stored, changedPods, namespaceLabels, java.util.Map.of());
    if (PolicyProgrammer.affectedBy(policiesOnly, changedPods).isEmpty()
        && !PolicyProgrammer.namesAny(policiesOnly, changedPods)) {
      return;
    }
    List<Pod> pods = store.list();
    var world = PolicyProgrammer.world(pods, stored, namespaceLabels, cluster.nodes());
    java.util.Set<String> affected = new java.util.HashSet<>();
    PolicyProgrammer.affectedBy(world, changedPods)
        .forEach(p -> affected.add(p.namespace() + "/" + p.name()));
    new PolicyProgrammer(kernel)
        .programOnly(
            pods.stream().filter(p -> affected.contains(p.qualifiedName())).toList(), world);
  }

  /**
   * Recompiles and loads NetworkPolicy in every pod (or removes it where the provider ignores
   * policy).
   */
  public int reprogramPolicy() {
    List<Pod> pods = store.list();
    var world =
        PolicyProgrammer.world(
            pods, policies.policies(), policies.namespaceLabels(), cluster.nodes());
    return new PolicyProgrammer(kernel).program(pods, world, cluster.enforcesNetworkPolicy());
  }

  /**
   * Worker nodes with a pod network first (the control plane is tainted, as in kops), fewest pods
   * first.
   */
  private NodeSite leastLoadedNode() {
    Map<String, Long> load =
        store.list().stream().collect(Collectors.groupingBy(Pod::node, Collectors.counting()));
    return cluster.nodes().stream()
        .sorted(
            Comparator.comparing(
                    (NodeSite n) -> n.attachment() instanceof PodAttachment.NoPodNetwork)
                .thenComparing(NodeSite::isControlPlane)
                .thenComparing(n -> load.getOrDefault(n.node(), 0L))
                .thenComparing(NodeSite::node))
        .findFirst()
        .orElseThrow(
            () ->
                new PodException(
                    "cluster " + cluster.clusterName() + " has no nodes to run pods on"));
  }
}
