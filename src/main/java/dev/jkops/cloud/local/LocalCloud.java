package dev.jkops.cloud.local;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.ZoneNames;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.Cloud;
import dev.jkops.cloud.CloudException;
import dev.jkops.cloud.CloudOutput;
import dev.jkops.cloud.local.design.LocalCloudException;
import dev.jkops.cloud.local.design.SharedLists;
import dev.jkops.cloud.local.etcd.EtcdProcesses;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.pods.LocalPodCluster;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.provider.InstalledProvider;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.cloud.local.validate.LocalClusterValidation;
import dev.jkops.cloud.picture.NetworkPicture;
import dev.jkops.cloud.picture.PlanPicture;
import dev.jkops.cloud.report.ValidationReport;
import dev.jkops.model.NetworkContext;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.NetworkProviders;
import dev.jkops.model.ipam.IpamStore;
import dev.jkops.tasks.ProgressListener;
import dev.jkops.tasks.rolling.InstanceReplacer;
import dev.jkops.tasks.rolling.Ticker;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stored cluster on the local cloud (network namespaces on this machine): {@code update cluster}
 * through {@link LocalClusterUpdate}, validation with connectivity probes, instance replacement,
 * teardown of its namespaces, etcd members and runtime dir, the live network picture, and providers
 * installed with {@code apply -f}. Whatever changes or deletes the cluster's namespaces first
 * checks that this machine's {@code jk-<id>-} namespaces belong to this cluster and state store
 * ({@link ClusterOwner}).
 */
public final class LocalCloud implements Cloud {
  /** How long validation waits for one connectivity probe's answer. */
  static final Duration PROBE_DEADLINE = Duration.ofSeconds(60);

  private final Kernel kernel;
  private final ClusterStore.Stored stored;
  private final ClusterStore clusters;
  private final Map<String, String> env;

  /**
   * Made on first use: the id is a SHA-256 of the name, whose first use in a JVM loads the JDK's
   * security providers, and {@code get networking} on a kubenet cluster needs no name of the
   * machine's (docs/benchmarks.md).
   */
  private ClusterNames names;

  public LocalCloud(
      Kernel kernel, ClusterStore.Stored stored, ClusterStore clusters, Map<String, String> env) {
    this.kernel = kernel;
    this.stored = stored;
    this.clusters = clusters;
    this.env = env;
  }

  @Override
  public String name() {
    return ZoneNames.LOCAL;
  }

  private String clusterName() {
    return stored.bundle().name();
  }

  private ClusterNames names() {
    if (names == null) {
      names = ClusterNames.of(clusterName(), env);
    }
    return names;
  }

  static void requireRoot(String what) {
    if (!Prerequisites.isRoot()) {
      throw new CloudException(
          what
              + " on the local cloud needs root: it works with network namespaces."
              + " Run it with sudo; 'jkops doctor' checks everything else it needs");
    }
  }

  private LocalClusterUpdate update() {
    return new LocalClusterUpdate(kernel, clusters.stateStore(), env);
  }

  private LocalClusterUpdate.Preview previewed(LocalClusterUpdate update, CloudOutput out) {
    requireRoot("update cluster");
    LocalClusterUpdate.Preview preview = update.preview(stored.bundle());
    preview.warnings().forEach(out::warn);
    return preview;
  }

  @Override
  public void preview(CloudOutput out) {
    LocalClusterUpdate update = update();
    LocalClusterUpdate.Preview preview = previewed(update, out);
    out.print(SharedLists.dryRun(preview.changes()));
    if (!preview.changes().isEmpty() || preview.generations().mixed()) {
      printNotes(out, preview.notes());
    }
    for (String member : update.stoppedEtcdMembers(preview)) {
      out.println("etcd: member " + member + " is not running; update cluster --yes starts it");
    }
  }

  @Override
  public void apply(CloudOutput out) {
    LocalClusterUpdate update = update();
    LocalClusterUpdate.Preview preview = previewed(update, out);
    boolean switching = preview.generations().mixed();
    if (preview.changes().isEmpty()) {
      List<String> written =
          update.apply(preview, ProgressListener.NONE, notice -> notice(out, notice));
      out.println(
          "No changes need to be applied"
              + (written.isEmpty()
                  ? ""
                  : " to the cloud; updated "
                      + String.join(", ", written)
                      + " in the state store"));
      if (switching) {
        printNotes(out, preview.notes());
      }
      return;
    }
    List<String> written =
        update.apply(preview, event -> progress(out, event), notice -> notice(out, notice));
    printNotes(out, preview.notes());
    String name = clusterName();
    out.println(
        "Cluster changes have been applied to the cloud ("
            + preview.changes().changes().size()
            + " changes"
            + (written.isEmpty() ? "" : "; wrote " + written.size() + " files to the state store")
            + ").");
    out.println("");
    out.println("Suggestions:");
    if (switching) {
      out.println(
          " * move the nodes to the new configuration: jkops rolling-update cluster "
              + name
              + " --yes");
    }
    out.println(" * validate cluster: jkops validate cluster --name " + name);
    out.println(" * list nodes: jkops get nodes -o wide --name " + name);
    out.println(" * delete the cluster: jkops delete cluster " + name + " --yes");
  }

  /**
   * The control plane's notices: warnings (already {@code W: ...}) to stderr, the rest (members
   * started) to stdout.
   */
  private static void notice(CloudOutput out, String notice) {
    if (notice.startsWith("W: ")) {
      out.errln(notice);
    } else {
      out.println(notice);
    }
  }

  private static void printNotes(CloudOutput out, List<String> notes) {
    notes.forEach(n -> out.println("Networking: " + n));
  }

  private static void progress(CloudOutput out, ProgressListener.Event event) {
    if (event instanceof ProgressListener.Finished f) {
      out.println(progressLine(f.index(), f.total(), past(f.action()), f.action().id()));
    }
  }

  /**
   * "[ 7/69] created KIND/NAME", the count padded to the total's width, in ASCII digits whatever
   * the user's locale (kops prints them so; "%d" would print a locale's own digits).
   */
  static String progressLine(int index, int total, String verb, Object id) {
    int w = String.valueOf(total).length();
    return String.format(java.util.Locale.ROOT, "[%" + w + "d/%d] %s %s", index, total, verb, id);
  }

  private static String past(dev.jkops.tasks.Action<?> a) {
    if (a instanceof dev.jkops.tasks.Action.Create) {
      return "created";
    } else if (a instanceof dev.jkops.tasks.Action.Modify) {
      return "updated";
    }
    return "deleted";
  }

  @Override
  public void writeTerraform(Path dir, String format, CloudOutput out) {
    throw new CloudException(
        "--target terraform writes AWS resources; cluster "
            + clusterName()
            + " is on cloud \""
            + name()
            + "\", which Terraform does not manage");
  }

  /**
   * kops' checks and tables, then connectivity probes between pods started for the purpose, and
   * removed after.
   */
  @Override
  public Validation validation(CloudOutput out, boolean keepProbePods) {
    // the completed spec, as update applied it
    ClusterBundle bundle =
        new ClusterBundle(
            clusters.completed(clusterName()).orElse(stored.cluster()),
            stored.bundle().instanceGroups());
    int mtu =
        NetworkProviders.forSpec(bundle.cluster().spec().networking())
            .mtu(NetworkContext.of(bundle, names().cloudFacts()));
    return new Validation() {
      @Override
      public ValidationReport run() {
        ClusterOwner.claimant(clusterName(), clusters.location()).verify(kernel, names());
        PodManager pods = new PodManager(kernel, LocalPodCluster.of(kernel, names(), bundle));
        return new LocalClusterValidation(kernel, bundle, pods, mtu, PROBE_DEADLINE, keepProbePods)
            .run(out::errln);
      }

      @Override
      public String failedPass(int pass, ValidationReport report) {
        return "Validation failed with " + report.failures().size() + " error(s)";
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public InstanceReplacer instanceReplacer(boolean needsKubernetes, CloudOutput out) {
    requireRoot("rolling-update cluster");
    return new LocalInstanceReplacer(
        kernel, clusters.stateStore(), env, stored.bundle(), line -> out.errln("  " + line));
  }

  @Override
  public Ticker ticker() {
    return Ticker.SYSTEM;
  }

  /**
   * Refuses when what this machine holds under the cluster's id belongs to another cluster (the
   * same name in another state store, or a name whose id is the same).
   */
  private void verifyOwner() {
    ClusterOwner.claimant(clusterName(), clusters.location()).verify(kernel, names());
  }

  /** The cluster's etcd members, every {@code jk-<id>-} namespace and its runtime dir. */
  @Override
  public List<String> teardownPreview() {
    verifyOwner();
    List<String> lines = new ArrayList<>();
    dev.jkops.cloud.local.apiserver.ApiServerProcess.pid(names().runtimeDir())
        .ifPresent(pid -> lines.add("kube-apiserver\t(pid " + pid + ")"));
    for (var etcd : EtcdProcesses.under(names().runtimeDir())) {
      lines.add(
          "etcd member\t" + etcd.dataDir().getParent().getFileName() + " (pid " + etcd.pid() + ")");
    }
    kernel.netns().list(names().prefix()).forEach(ns -> lines.add("namespace\t" + ns));
    if (Files.exists(names().runtimeDir(), LinkOption.NOFOLLOW_LINKS)) {
      lines.add("directory\t" + names().runtimeDir());
    }
    return lines;
  }

  /**
   * Every {@code jk-<id>-} namespace (with the links, routes, rules and nftables tables inside) and
   * the runtime dir.
   */
  @Override
  public void teardown(CloudOutput out) {
    verifyOwner();
    LocalClusterResources resources = new LocalClusterResources(kernel, names());
    if (!resources.exists()) {
      return;
    }
    requireRoot("delete cluster");
    for (String removed : resources.destroy()) {
      out.println("Deleted " + removed);
    }
  }

  /** A provider installed with {@code apply -f} on a cni or external cluster is what runs. */
  @Override
  public ClusterBundle running(ClusterBundle bundle) {
    // only cni and external can have one: the others need no runtime dir, so no cluster id
    return InstalledProvider.userInstalls(bundle.cluster().spec().networking())
        ? InstalledProvider.running(bundle, names())
        : bundle;
  }

  /**
   * A cluster that is up is read from the machine (so the picture shows what {@code validate
   * cluster} probes); otherwise the plan, drawn as the local cloud would build it. The title says
   * which.
   */
  @Override
  public dev.jkops.model.CloudFacts planningFacts() {
    // LocalClusterUpdate.facts(names()), with the cluster id worked out only if an IPv6 plan asks
    return ClusterNames.cloudFacts(clusterName(), () -> names().id());
  }

  @Override
  public NetworkPicture picture(ClusterBundle completed, NetworkPlan plan) {
    String name = clusterName();
    var subnets = completed.cluster().spec().subnetsOrEmpty();
    boolean root = Prerequisites.isRoot();
    if (root && LocalNetworkPicture.isUp(kernel, names())) {
      // the provider that runs (apply -f on cni/external), from the one record every command reads
      String mode =
          NetworkProviders.forSpec(
                  InstalledProvider.effective(stored.cluster().spec().networking(), names()))
              .mode();
      return LocalNetworkPicture.live(
          kernel,
          names(),
          subnets,
          plan.networkCIDR().toString(),
          name + ": " + mode + ", live on the local cloud (read from this machine)");
    }
    String why =
        root
            ? "not built on this machine; 'jkops update cluster " + name + " --yes' builds it"
            : "reading the live network needs root";
    NetworkPlan local =
        NetworkPlanner.plan(
            completed,
            new IpamStore(clusters.stateStore()).load(name),
            LocalClusterUpdate.facts(names()));
    String title = name + ": " + local.mode() + " on the local cloud, as planned (" + why + ")";
    try {
      return LocalNetworkPicture.planned(names(), local, subnets, title);
    } catch (LocalCloudException e) {
      return PlanPicture.of(
          local,
          completed.cluster().spec(),
          false,
          name
              + ": "
              + local.mode()
              + ", as planned; the"
              + " local cloud cannot build it: "
              + e.getMessage());
    }
  }

  /**
   * As {@code kubectl create -f} of a provider's manifest does on a real cluster: the local cloud
   * converges to the provider's data plane on every node, and the provider is recorded so later
   * updates keep it. Only on a cni or external cluster, only one provider per cluster.
   */
  @Override
  public ProviderInstall installProvider(NetworkingSpec provider, String file) {
    return new LocalProviderInstall(kernel, stored, update(), names()).install(provider, file);
  }

  /** The cluster's API server on 127.0.0.1 and the cluster CA kept in the state store. */
  @Override
  public KubeAccess kubeAccess(Optional<java.time.Duration> admin) {
    String cluster = clusterName();
    int port =
        dev.jkops.cloud.local.apiserver.ApiServerProcess.port(names().runtimeDir())
            .orElseThrow(
                () ->
                    new CloudException(
                        "cluster "
                            + cluster
                            + " has no Kubernetes API server on this machine yet; run 'jkops update"
                            + " cluster "
                            + cluster
                            + " --yes' first"));
    java.util.function.Supplier<CloudException> noCa =
        () ->
            new CloudException(
                "cluster "
                    + cluster
                    + " has no CA in state store "
                    + clusters.stateStore().location()
                    + "; run 'jkops update cluster "
                    + cluster
                    + " --yes' to make it");
    if (admin.isEmpty()) {
      // the CA as kept, not parsed: every update --yes comes here
      return new KubeAccess(
          "https://127.0.0.1:" + port,
          dev.jkops.cloud.local.apiserver.ClusterPki.caPem(clusters.stateStore(), cluster)
              .orElseThrow(noCa),
          Optional.empty(),
          Optional.empty());
    }
    dev.jkops.cloud.local.apiserver.ClusterPki pki =
        dev.jkops.cloud.local.apiserver.ClusterPki.load(clusters.stateStore(), cluster)
            .orElseThrow(noCa);
    dev.jkops.cloud.local.apiserver.ClusterPki.Issued cert =
        pki.issueClient("admin", List.of("system:masters"), admin.get());
    return new KubeAccess(
        "https://127.0.0.1:" + port,
        pki.caPem(),
        Optional.of(cert.certificatePem()),
        Optional.of(cert.keyPem()));
  }
}
