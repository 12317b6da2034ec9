package dev.jkops.cloud.local;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.InstanceGroup;
import dev.jkops.api.store.StateStore;
import dev.jkops.cloud.local.design.NodeGenerations;
import dev.jkops.cloud.local.etcd.EtcdControlPlane;
import dev.jkops.cloud.local.etcd.EtcdException;
import dev.jkops.cloud.local.handlers.InstanceHandler;
import dev.jkops.cloud.local.handlers.LocalContext;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.pods.LocalPodCluster;
import dev.jkops.cloud.local.pods.NodeSite;
import dev.jkops.cloud.local.pods.Pod;
import dev.jkops.cloud.local.pods.PodCluster;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.pods.SystemPods;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.cloud.local.runtime.NodeLog;
import dev.jkops.cloud.local.validate.LocalClusterValidation;
import dev.jkops.cloud.report.ValidationFailure;
import dev.jkops.cloud.report.ValidationReport;
import dev.jkops.model.Instance;
import dev.jkops.tasks.Action;
import dev.jkops.tasks.rolling.CloudGroup;
import dev.jkops.tasks.rolling.CloudInstance;
import dev.jkops.tasks.rolling.GroupRole;
import dev.jkops.tasks.rolling.InstanceReplacer;
import dev.jkops.tasks.rolling.RollingLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rolling-update on the local cloud. An instance needs update when the configuration recorded at
 * its creation differs from its group's current one. Cordoned nodes get none of the pods the roll
 * reschedules; draining deletes the node's pods (kube-dns starts again on another node, as its
 * Deployment would); replacing deletes the instance's namespace and runtime files and converges the
 * cluster, which builds it again, same name, address and pod range, on the current configuration
 * and tells every other node's data plane. Validation is {@code validate cluster}'s pass.
 */
public final class LocalInstanceReplacer implements InstanceReplacer {
  static final Duration PROBE_DEADLINE = Duration.ofSeconds(60);

  private final Kernel kernel;
  private final ClusterBundle stored;
  private final ClusterNames names;
  private final LocalClusterUpdate update;
  private final Consumer<String> log;
  private final Set<String> cordoned = new HashSet<>();

  /**
   * @param stored the cluster as the user wrote it (the state store's config and instance groups)
   * @param log receives validation's own progress lines
   */
  public LocalInstanceReplacer(
      Kernel kernel,
      StateStore store,
      Map<String, String> env,
      ClusterBundle stored,
      Consumer<String> log) {
    this.kernel = kernel;
    this.stored = stored;
    this.names = ClusterNames.of(stored.name(), env);
    this.update = new LocalClusterUpdate(kernel, store, env);
    this.log = log;
  }

  @Override
  public List<CloudGroup> groups() {
    // Only which configuration each instance runs: no design, no diff against the machine.
    NodeGenerations generations = update.generations(stored);
    List<CloudGroup> out = new ArrayList<>();
    for (InstanceGroup ig : stored.instanceGroups()) {
      GroupRole role = GroupRole.of(ig.spec().role());
      List<CloudInstance> instances = new ArrayList<>();
      for (Instance i : generations.current().instances()) {
        if (i.instanceGroup().equals(ig.name())) {
          boolean running = kernel.netns().exists(names.instanceNamespace(i.name()));
          instances.add(
              new CloudInstance(
                  i.name(), ig.name(), !running || generations.needsUpdate(i.name()), running));
        }
      }
      out.add(
          new CloudGroup(
              ig.name(),
              role,
              ig.spec().minSizeOrDefault(),
              instances.size(),
              ig.spec().maxSizeOrDefault(),
              instances,
              RollingLimits.resolve(
                  stored.cluster().spec().rollingUpdate(),
                  ig.spec().rollingUpdate(),
                  instances.size(),
                  role)));
    }
    return out;
  }

  /**
   * A master of an HA control plane is refused here already, before its pods go, when the others
   * hold no quorum.
   */
  @Override
  public void cordon(CloudInstance instance) {
    haMember(instance).ifPresent(etcd -> etcd.requireQuorumWithout(instance.id()));
    cordoned.add(instance.id());
  }

  /** The control plane's etcd when {@code instance} is one of its several members. */
  private Optional<EtcdControlPlane> haMember(CloudInstance instance) {
    return EtcdControlPlane.existing(names.runtimeDir())
        .filter(etcd -> etcd.members().size() > 1 && etcd.member(instance.id()).isPresent());
  }

  @Override
  public void drain(CloudInstance instance) {
    try {
      drainNow(instance);
    } catch (EtcdException podStoreDown) {
      // A roll killed while replacing the control plane leaves its etcd down, and with it the pod
      // store a drain needs. Converging starts it again (as 'update cluster --yes' would); then
      // drain.
      log.accept(
          "the pod store does not answer ("
              + podStoreDown.getMessage()
              + "); converging the cluster first");
      update.apply(update.preview(stored), e -> {});
      drainNow(instance);
    }
  }

  private void drainNow(CloudInstance instance) {
    PodManager pods = pods();
    deletePodsOn(pods, instance);
    PodCluster all = pods.cluster();
    List<NodeSite> schedulable =
        all.nodes().stream().filter(n -> !cordoned.contains(n.node())).toList();
    SystemPods.ensure(
        new PodManager(
            kernel,
            new PodCluster(
                all.clusterName(),
                all.runtimeDir(),
                schedulable,
                all.enforcesNetworkPolicy(),
                all.podNetns())));
  }

  /**
   * A master of a control plane with more than one etcd member goes through etcd's quorum check:
   * refused unless the other members keep a quorum while it is down, and its member (same name,
   * same data) follows the leader again before the roll goes on. A lone member cannot keep a quorum
   * by itself; it is stopped with its instance and started again with its data, the API down in
   * between, as kops replaces a single master.
   */
  @Override
  public void replace(CloudInstance instance) {
    Optional<EtcdControlPlane> etcd = haMember(instance);
    if (etcd.isPresent()) {
      etcd.get()
          .replaceMember(instance.id(), () -> rebuild(instance), EtcdControlPlane.HEALTH_WAIT);
    } else {
      rebuild(instance);
    }
    cordoned.remove(instance.id());
  }

  private void rebuild(CloudInstance instance) {
    // Pods a --cloudonly roll did not drain go with their node, as they do when EC2 terminates it.
    drainQuietly(instance);
    // the node's log is the user's record of what happened to its pods: the replacement keeps it
    java.nio.file.Path nodeLog = names.nodeLog(instance.id());
    byte[] history = readIfExists(nodeLog);
    LocalContext ctx = new LocalContext(kernel, names);
    InstanceHandler instances = new InstanceHandler(ctx);
    var live = instances.owned().stream().filter(i -> i.name().equals(instance.id())).findFirst();
    // The kernel tears a deleted namespace's links down in the background: delete the VPC port
    // first,
    // synchronously, so the converge can make the instance again under the same name at once.
    LocalClusterUpdate.deleteInstanceNamespace(kernel, names, instance.id());
    live.ifPresent(instances::delete);
    InstanceHandler.deleteTree(names.nodeDir(instance.id()));
    LocalClusterUpdate.Preview preview = update.preview(stored);
    update.apply(preview, e -> {});
    if (history.length > 0) {
      byte[] since = readIfExists(nodeLog);
      byte[] whole = java.util.Arrays.copyOf(history, history.length + since.length);
      System.arraycopy(since, 0, whole, history.length, since.length);
      try {
        // as NodeLog writes it: 0644 in a 0700 tree, never through a link
        dev.jkops.api.SafePaths.createPrivateDirs(nodeLog.getParent());
        dev.jkops.api.SafePaths.writeAtomically(
            nodeLog, whole, dev.jkops.api.SafePaths.READABLE_FILE);
      } catch (java.io.IOException e) {
        throw new dev.jkops.cloud.local.kernel.KernelException(
            "could not keep the log of node "
                + instance.id()
                + " ("
                + nodeLog
                + "): "
                + e.getMessage(),
            e);
      }
    }
    NodeLog.append(
        nodeLog,
        "REPLACED",
        "instance "
            + instance.id()
            + " rebuilt on its group's current configuration by rolling-update");
  }

  private static byte[] readIfExists(java.nio.file.Path file) {
    try {
      return java.nio.file.Files.exists(file)
          ? java.nio.file.Files.readAllBytes(file)
          : new byte[0];
    } catch (java.io.IOException e) {
      throw new dev.jkops.cloud.local.kernel.KernelException(
          "could not read " + file + ": " + e.getMessage(), e);
    }
  }

  private void drainQuietly(CloudInstance instance) {
    if (!kernel.netns().exists(names.instanceNamespace(instance.id()))) {
      return;
    }
    deletePodsOn(pods(), instance);
  }

  /**
   * Deletes the node's pods as kops' drain does (it drains with force): pods the cluster runs
   * itself start again, kube-dns elsewhere, validation's probe server (one per node, like a
   * DaemonSet's pod) on the replacement at the next validation; a pod nothing manages (one made
   * with {@code create pod}) is gone for good, so each is named on the roll's output and in the
   * node's log ({@code DRAIN} lines, kept across the replacement).
   */
  private void deletePodsOn(PodManager pods, CloudInstance instance) {
    List<Pod> on = pods.list().stream().filter(p -> p.node().equals(instance.id())).toList();
    if (on.isEmpty()) {
      return;
    }
    java.nio.file.Path nodeLog = names.nodeLog(instance.id());
    for (Pod p : on) {
      String what =
          p.namespace().equals(dev.jkops.cloud.local.validate.PolicyProbePlan.NAMESPACE)
              ? "evicting pod "
                  + p.qualifiedName()
                  + ": validate makes it again on the node's replacement"
              : managedByTheCluster(p)
                  ? "evicting pod "
                      + p.qualifiedName()
                      + ": the cluster starts it again on another node"
                  : "deleting pod "
                      + p.qualifiedName()
                      + ": not managed by a controller, so nothing recreates it";
      log.accept(what);
      NodeLog.append(nodeLog, "DRAIN", what);
    }
    pods.deleteAll(on);
  }

  /**
   * The pods the cluster itself runs and so starts again: kube-dns, and validation's probe pods
   * (the next validation makes them again).
   */
  static boolean managedByTheCluster(Pod p) {
    return p.namespace().equals(SystemPods.NAMESPACE) && p.name().matches("kube-dns-\\d+")
        || p.namespace().equals(dev.jkops.cloud.local.validate.PolicyProbePlan.NAMESPACE);
  }

  @Override
  public Validation validate() {
    PodManager pods = pods();
    int mtu = pods.cluster().nodes().stream().mapToInt(NodeSite::mtu).min().orElse(1500);
    ValidationReport report =
        // the server pods stay between the roll's validations (a drained node's go with it and are
        // made again on its replacement), as validate cluster keeps them
        new LocalClusterValidation(kernel, completed(), pods, mtu, PROBE_DEADLINE, true).run(log);
    return new Validation(report.failures().stream().map(ValidationFailure::message).toList());
  }

  /** Converges once more: with every node current, the transition's routes, rules and checks go. */
  @Override
  public List<String> finish() {
    LocalClusterUpdate.Preview preview = update.preview(stored);
    List<String> done = new ArrayList<>();
    for (Action<?> a : preview.changes().changes()) {
      done.add(a.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + a.id());
    }
    update.apply(preview, e -> {});
    return done;
  }

  private ClusterBundle completed() {
    return new ClusterBundle(
        dev.jkops.model.ClusterCompletion.complete(stored), stored.instanceGroups());
  }

  private PodManager pods() {
    return new PodManager(kernel, LocalPodCluster.of(kernel, names, completed()));
  }
}
