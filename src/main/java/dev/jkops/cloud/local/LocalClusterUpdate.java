package dev.jkops.cloud.local;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSpecBuilder;
import dev.jkops.api.ClusterValidator;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.store.StateStore;
import dev.jkops.cloud.local.calico.CalicoEtcdDatastore;
import dev.jkops.cloud.local.design.LocalDesign;
import dev.jkops.cloud.local.design.NodeGenerations;
import dev.jkops.cloud.local.etcd.EtcdControlPlane;
import dev.jkops.cloud.local.etcd.EtcdException;
import dev.jkops.cloud.local.handlers.LocalContext;
import dev.jkops.cloud.local.handlers.NodeGenerationHandler;
import dev.jkops.cloud.local.kernel.CommandTrace;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.provider.InstalledProvider;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.cloud.local.runtime.EtcdRuntimeStore;
import dev.jkops.model.CloudFacts;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.addon.ClusterArtifactsWriter;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.model.ipam.IpamStore;
import dev.jkops.tasks.Engine;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code update cluster} on the local cloud: complete the spec, plan the network with the model
 * (pod ranges from the state store), design the local resources, and diff them against the machine.
 * {@link #apply} then saves the pod ranges, converges, and publishes the completed spec and addons
 * in kops' layout. Planning writes nothing anywhere.
 */
public final class LocalClusterUpdate {

  /**
   * What an update would do: the plan, the changes, and notes on how the local cloud realises it.
   */
  public record Preview(
      Cluster completed,
      NetworkPlan network,
      Plan<LocalResource> changes,
      List<LocalResource> desired,
      List<String> notes,
      List<String> warnings,
      NodeGenerations generations) {}

  private final Kernel kernel;
  private final StateStore store;
  private final java.util.Map<String, String> env;

  /** {@code env} may name the runtime dir base ({@code JKOPS_RUNTIME_DIR}). */
  public LocalClusterUpdate(Kernel kernel, StateStore store, java.util.Map<String, String> env) {
    this.kernel = kernel;
    this.store = store;
    this.env = java.util.Map.copyOf(env);
  }

  public Preview preview(ClusterBundle stored) {
    return preview(stored, Optional.empty());
  }

  /**
   * As {@link #preview(ClusterBundle)}, planning a cni or external cluster with {@code provider}
   * (or the provider recorded by an earlier {@code apply -f}) as the networking the nodes run.
   */
  public Preview preview(ClusterBundle stored, Optional<NetworkingSpec> provider) {
    CommandTrace.phase("plan");
    Planned p = plan(stored, provider);
    Cluster completed = p.completed();
    ClusterBundle bundle = new ClusterBundle(completed, p.stored().instanceGroups());
    ClusterNames names = ClusterNames.of(bundle.name(), env);
    NetworkPlan network = p.network();
    NodeGenerationHandler records = p.records();
    NodeGenerations generations = p.generations();
    LocalDesign.Result design =
        LocalDesign.of(names, generations, completed.spec().subnetsOrEmpty());
    List<LocalResource> desired = new ArrayList<>(design.resources());
    desired.addAll(RunningConfigurations.records(names, completed, generations, records));
    LocalClusterResources cloud = new LocalClusterResources(kernel, names);
    CommandTrace.phase("diff");
    Plan<LocalResource> changes = cloud.plan(desired);
    CommandTrace.phase("diffed");
    List<String> warnings = new ArrayList<>(ClusterValidator.warnings(bundle));
    warnings.addAll(network.warnings());
    List<String> notes = new ArrayList<>(design.notes());
    if (generations.mixed()) {
      notes.add(0, RunningConfigurations.switchSummary(generations, bundle.name()));
    }
    return new Preview(
        completed, network, changes, List.copyOf(desired), notes, warnings, generations);
  }

  /**
   * Which configuration each instance runs and which it should, without the design or the diff
   * against the machine: what rolling-update reads before every group, in file reads only.
   */
  public NodeGenerations generations(ClusterBundle stored) {
    return plan(stored, Optional.empty()).generations();
  }

  private record Planned(
      ClusterBundle stored,
      Cluster completed,
      NetworkPlan network,
      NodeGenerationHandler records,
      NodeGenerations generations) {}

  /** Who asks: this cluster in this state store, checked against what the machine records. */
  private ClusterOwner owner(String cluster) {
    return ClusterOwner.claimant(cluster, store.location());
  }

  private Planned plan(ClusterBundle stored, Optional<NetworkingSpec> provider) {
    ClusterNames runtimeNames = ClusterNames.of(stored.name(), env);
    owner(stored.name()).verify(kernel, runtimeNames);
    NetworkingSpec declared = stored.cluster().spec().networking();
    if (InstalledProvider.userInstalls(declared) && provider.isPresent()) {
      ClusterSpecBuilder b = stored.cluster().spec().toBuilder();
      b.networking = provider.get();
      stored = new ClusterBundle(stored.cluster().withSpec(b.build()), stored.instanceGroups());
    } else {
      stored = InstalledProvider.running(stored, runtimeNames);
    }
    Cluster completed = ClusterCompletion.complete(stored);
    ClusterBundle bundle = new ClusterBundle(completed, stored.instanceGroups());
    ClusterValidator.check(bundle);
    ClusterNames names = ClusterNames.of(bundle.name(), env);
    CloudFacts facts = facts(names);
    NetworkPlan network = NetworkPlanner.plan(bundle, ipam(bundle, names), facts);
    NodeGenerationHandler records = new NodeGenerationHandler(new LocalContext(kernel, names));
    NodeGenerations generations = new RunningConfigurations(stored, network, facts).read(records);
    return new Planned(stored, completed, network, records, generations);
  }

  /**
   * What the local cloud tells the model: its link MTU, a route table of this cluster's own, and
   * the VPC's IPv6 block, a unique local /56 made from the cluster id (used by IPv6 clusters only).
   */
  public static CloudFacts facts(ClusterNames names) {
    return names.cloudFacts();
  }

  /** The control plane's etcd members that do not run now (an update with --yes starts them). */
  public List<String> stoppedEtcdMembers(Preview p) {
    ClusterNames names = ClusterNames.of(p.completed().name(), env);
    return EtcdControlPlane.existing(names.runtimeDir())
        .map(
            etcd ->
                etcd.members().stream()
                    .filter(m -> !etcd.running(m))
                    .map(dev.jkops.cloud.local.etcd.EtcdMember::name)
                    .toList())
        .orElse(List.of());
  }

  /**
   * Deletes an instance's namespace as a lost machine goes, so that it can be made again at once:
   * the VPC end of its veth first (which takes the instance's end with it, synchronously), then the
   * namespace. The kernel tears a deleted namespace's links down in the background, on a busy
   * machine seconds later, and until then the VPC port keeps its name.
   */
  public static void deleteInstanceNamespace(Kernel kernel, ClusterNames names, String instance) {
    String port = dev.jkops.cloud.local.resources.LocalInstance.vpcPortOf(instance);
    if (kernel.netns().exists(names.vpcNamespace())
        && kernel.ip(names.vpcNamespace()).link(port).isPresent()) {
      kernel.ip(names.vpcNamespace()).deleteLink(port);
    }
    kernel.netns().delete(names.instanceNamespace(instance));
    awaitInstanceGone(kernel, names, instance);
  }

  /** Waits (at most 30 s) until the instance's VPC port is gone. */
  static void awaitInstanceGone(Kernel kernel, ClusterNames names, String instance) {
    String port = dev.jkops.cloud.local.resources.LocalInstance.vpcPortOf(instance);
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    while (kernel.netns().exists(names.vpcNamespace())
        && kernel.ip(names.vpcNamespace()).link(port).isPresent()) {
      if (System.nanoTime() > deadline) {
        throw new EtcdException(
            "instance "
                + instance
                + "'s port "
                + port
                + " is still in "
                + names.vpcNamespace()
                + " 30s after its namespace was deleted; rerun the command");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EtcdException("interrupted while waiting for instance " + instance + " to go");
      }
    }
  }

  /**
   * The pod ranges the plan starts from: the state store's, except that on calico's etcd datastore
   * calico's IPAM owns them, so each node's block affinity in the cluster's etcd wins when etcd
   * answers (the state store keeps a copy for when it does not, after a reboot say).
   */
  private IpamState ipam(ClusterBundle bundle, ClusterNames names) {
    IpamState stored = new IpamStore(store).load(bundle.name());
    if (!CalicoEtcdDatastore.chosen(bundle.cluster().spec().networking())) {
      return stored;
    }
    Optional<EtcdControlPlane> etcd = EtcdControlPlane.existing(names.runtimeDir());
    if (etcd.isEmpty() || etcd.get().members().stream().noneMatch(etcd.get()::running)) {
      return stored;
    }
    java.util.Map<String, dev.jkops.api.Cidr> ranges = new java.util.TreeMap<>(stored.podRanges());
    ranges.putAll(CalicoEtcdDatastore.blocksByNode(new EtcdRuntimeStore(etcd.get())));
    return new IpamState(ranges, stored.ipv6NodePrefixes());
  }

  /** Applies a preview made moments ago; returns the state store paths it wrote. */
  public List<String> apply(Preview p, ProgressListener progress) {
    return apply(p, progress, line -> {});
  }

  /**
   * As {@link #apply(Preview, ProgressListener)}, and starts the control plane's etcd members that
   * do not run (telling {@code notices}), records the nodes in the cluster's runtime store and
   * starts the Kubernetes API server. With one control-plane instance that starts as soon as the
   * instance's namespace is made, while the rest of the cluster's kernel work goes on; with
   * several, the members need the VPC between them, so they start after it.
   */
  public List<String> apply(
      Preview p, ProgressListener progress, java.util.function.Consumer<String> notices) {
    ClusterNames names = ClusterNames.of(p.completed().name(), env);
    ClusterOwner owner = owner(p.completed().name()).claim(kernel, names);
    new IpamStore(store).save(p.completed().name(), p.network().ipam());
    // a VPC made now carries the owner's mark from its first moment, written by the process that
    // makes it (two processes fewer at the end of a first update)
    LocalClusterResources cloud =
        new LocalClusterResources(kernel, names, Optional.of(owner.vpcAlias()));
    ControlPlaneStart control = new ControlPlaneStart(names, p);
    control.launchApiServer();
    // the addons' YAML (Jackson's serialisers, ~40-60 ms) rendered on a thread of its own while
    // the kernel work goes on; written below only once the cloud and the control plane are up, as
    // before
    java.util.concurrent.FutureTask<ClusterArtifactsWriter.Rendered> artifacts =
        new java.util.concurrent.FutureTask<>(
            () -> ClusterArtifactsWriter.render(p.completed(), p.network().addons()));
    Thread renderer = new Thread(artifacts, "jkops-addons");
    renderer.setDaemon(true);
    renderer.start();
    CommandTrace.phase("apply");
    try {
      Engine.apply(
          p.changes(),
          cloud.target(),
          control.startWhenReady(progress),
          LocalCloudTarget.PARALLELISM);
    } catch (RuntimeException e) {
      control.awaitAfter(e, notices);
      throw e;
    }
    try {
      // after the VPC exists; a VPC an earlier run made and left unmarked (it failed or was killed
      // before this) is marked by the next run of this runtime dir's owner (not in a finally: it
      // must not hide the failure). One this run made was marked as it was made.
      if (!createdVpcRouter(p)) {
        owner.markVpc(kernel, names);
      }
      if (!p.changes().modifies().isEmpty() || !p.changes().deletes().isEmpty()) {
        // A resource changed by delete-and-create (a node's VXLAN device when its pod range moves)
        // takes what hangs on it (its peers' routes) with it, which the plan made beforehand could
        // not see; one more pass puts those back. Pure creates cascade nothing, so skip it then.
        cloud.converge(p.desired(), progress);
      }
    } catch (RuntimeException e) {
      control.awaitAfter(e, notices);
      throw e;
    }
    CommandTrace.phase("applied");
    control.start();
    control.await(notices);
    CommandTrace.phase("control plane up");
    List<String> wrote = new ClusterArtifactsWriter(store).write(rendered(artifacts, p));
    CommandTrace.phase("done");
    return wrote;
  }

  /** Whether {@code p}'s changes made the VPC's namespace (and so its owner's mark with it). */
  private static boolean createdVpcRouter(Preview p) {
    return p.changes().creates().stream()
        .anyMatch(c -> c.desired() instanceof dev.jkops.cloud.local.resources.VpcRouter);
  }

  /** What the renderer thread made; its failure thrown as it was. */
  private static ClusterArtifactsWriter.Rendered rendered(
      java.util.concurrent.FutureTask<ClusterArtifactsWriter.Rendered> artifacts, Preview p) {
    return resultOf(artifacts, "rendering the addons of " + p.completed().name());
  }

  /**
   * What {@code task} returned, once it has; its failure thrown as it was (an unchecked one), or as
   * "{@code doing} failed".
   */
  private static <T> T resultOf(java.util.concurrent.Future<T> task, String doing) {
    try {
      return task.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new dev.jkops.cloud.local.design.LocalCloudException(
          doing + " failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.jkops.cloud.local.design.LocalCloudException("interrupted while " + doing);
    }
  }

  /**
   * The control plane's start (etcd, the node records, the API server) on a thread of its own, so
   * that it overlaps the kernel work that does not concern it. Its notices are kept and told on the
   * calling thread once it is done, after the progress lines, as when it ran last.
   */
  private final class ControlPlaneStart {
    private final ClusterNames names;
    private final Preview p;
    private final java.util.Set<dev.jkops.tasks.ResourceId> mastersToMake =
        new java.util.HashSet<>();
    private final boolean early;
    private final List<String> told = java.util.Collections.synchronizedList(new ArrayList<>());
    private java.util.concurrent.FutureTask<Void> task;

    ControlPlaneStart(ClusterNames names, Preview p) {
      this.names = names;
      this.p = p;
      List<dev.jkops.cloud.local.etcd.EtcdMember> members =
          ControlPlane.members(names, p.desired());
      java.util.Set<String> masters =
          members.stream()
              .map(dev.jkops.cloud.local.etcd.EtcdMember::name)
              .collect(java.util.stream.Collectors.toSet());
      for (dev.jkops.tasks.Action<LocalResource> a : p.changes().changes()) {
        if (!(a instanceof dev.jkops.tasks.Action.Delete)
            && a.id().kind().equals(dev.jkops.cloud.local.resources.LocalInstance.KIND)
            && masters.contains(a.id().name())) {
          mastersToMake.add(a.id());
        }
      }
      // one member needs only its own namespace and address (its clients use a unix socket)
      this.early = members.size() == 1;
    }

    /** {@code progress}, starting the control plane once its instance is made. */
    ProgressListener startWhenReady(ProgressListener progress) {
      if (early && mastersToMake.isEmpty()) {
        start();
      }
      return event -> {
        progress.onEvent(event);
        if (early
            && event instanceof ProgressListener.Finished f
            && mastersToMake.remove(f.action().id())
            && mastersToMake.isEmpty()) {
          start();
        }
      };
    }

    void start() {
      if (task != null) {
        return;
      }
      task =
          new java.util.concurrent.FutureTask<>(
              () -> {
                CommandTrace.phase("etcd start");
                ControlPlane.start(
                    names, p.desired(), p.network(), p.completed().spec().networking(), told::add);
                CommandTrace.phase("etcd ready");
                return null;
              });
      Thread t = new Thread(task, "jkops-control-plane");
      t.setDaemon(true);
      t.start();
    }

    /**
     * Starts the Kubernetes API server (served from this cluster's etcd) on a thread of its own,
     * first thing: its JVM's start overlaps everything else {@code update} does, which does not
     * wait for it to listen ({@code validate cluster} checks it, as with kops). etcd's
     * configuration is written before, so that the server reads and writes etcd from its first
     * request, even before etcd answers.
     */
    void launchApiServer() {
      if (ControlPlane.members(names, p.desired()).isEmpty()
          && EtcdControlPlane.existing(names.runtimeDir()).isEmpty()) {
        return;
      }
      ControlPlane.configure(names, p.desired());
      apiLaunch =
          new java.util.concurrent.FutureTask<>(
              () -> {
                CommandTrace.phase("api server start");
                Optional<dev.jkops.cloud.local.apiserver.ApiServerProcess.Launched> l =
                    dev.jkops.cloud.local.apiserver.ApiServerProcess.launch(
                        LocalApiServer.class, names.runtimeDir(), store, p.completed().name(), env);
                CommandTrace.phase("api server launched");
                return l;
              });
      Thread t = new Thread(apiLaunch, "jkops-api-server");
      t.setDaemon(true);
      t.start();
    }

    private java.util.concurrent.FutureTask<
            Optional<dev.jkops.cloud.local.apiserver.ApiServerProcess.Launched>>
        apiLaunch;

    /**
     * Waits for the start, tells its notices, and throws its failure as it was. The API server is
     * waited for only until its process runs.
     */
    void await(java.util.function.Consumer<String> notices) {
      String doing = "starting the control plane of " + p.completed().name();
      try {
        if (task != null) {
          resultOf(task, doing);
        }
        if (apiLaunch != null) {
          resultOf(apiLaunch, doing)
              .ifPresent(
                  l -> {
                    l.requireAlive();
                    told.add(l.notice());
                  });
        }
      } finally {
        told.forEach(notices);
      }
    }

    /** After the kernel work failed: waits for a start already under way, its failure kept too. */
    void awaitAfter(RuntimeException failure, java.util.function.Consumer<String> notices) {
      if (task == null && apiLaunch == null) {
        return;
      }
      try {
        await(notices);
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * Replaces one control-plane instance without losing etcd's quorum or data, for a rolling update
   * of the masters: refuses unless the other members keep a quorum; stops the instance's etcd
   * member; deletes the instance's namespace and converges the cluster, which makes it again (with
   * its firewall and node networking); starts the member inside the new namespace with its data;
   * and returns once it follows the leader again. Call it for one master at a time.
   */
  public void replaceControlPlaneInstance(
      ClusterBundle stored, String instance, ProgressListener progress) {
    ClusterNames names = ClusterNames.of(stored.name(), env);
    EtcdControlPlane etcd =
        EtcdControlPlane.existing(names.runtimeDir())
            .orElseThrow(
                () ->
                    new EtcdException(
                        "cluster "
                            + stored.name()
                            + " runs no etcd on this machine; bring it up with 'jkops update cluster "
                            + stored.name()
                            + " --yes' first"));
    etcd.requireMember(instance);
    etcd.replaceMember(
        instance,
        () -> {
          deleteInstanceNamespace(kernel, names, instance);
          Preview p = preview(stored);
          Engine.apply(
              p.changes(),
              new LocalClusterResources(kernel, names).target(),
              progress,
              LocalCloudTarget.PARALLELISM);
        },
        EtcdControlPlane.HEALTH_WAIT);
  }
}
