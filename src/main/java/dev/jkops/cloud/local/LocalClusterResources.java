package dev.jkops.cloud.local;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.kernel.ReadCache;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.Engine;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * One cluster on the local cloud: plan and converge its resources, or remove everything it made.
 */
public final class LocalClusterResources {
  private final Kernel kernel;
  private final ClusterNames names;
  private final LocalCloudTarget target;

  /** Serves the diff's repeated reads (see {@link #plan}); every command runs outside it. */
  private final ReadCache reads;

  public LocalClusterResources(Kernel kernel, ClusterNames names) {
    this(kernel, names, java.util.Optional.empty());
  }

  /** As {@link #LocalClusterResources(Kernel, ClusterNames)}; see {@link LocalCloudTarget}. */
  LocalClusterResources(
      Kernel kernel, ClusterNames names, java.util.Optional<String> vpcLoopbackAlias) {
    this.kernel = kernel;
    this.names = names;
    this.reads = new ReadCache(kernel.runner());
    this.target =
        new LocalCloudTarget(kernel.over(reads).groupingBatches(), names, vpcLoopbackAlias);
  }

  public ClusterNames names() {
    return names;
  }

  public LocalCloudTarget target() {
    return target;
  }

  /**
   * What would change; changes nothing. The diff finds every resource, and resources of one
   * namespace read the same listings (each VPC route its table, each node part its instance's
   * links), so each listing runs once and is kept until the diff ends (nothing is changed while it
   * runs; any command that could change something empties it).
   */
  public Plan<LocalResource> plan(Collection<LocalResource> desired) {
    return reads.during(() -> Engine.plan(desired, target, LocalCloudTarget.PARALLELISM));
  }

  public Plan<LocalResource> converge(
      Collection<LocalResource> desired, ProgressListener progress) {
    return Engine.converge(desired, target, progress, LocalCloudTarget.PARALLELISM);
  }

  /** True when anything of this cluster exists on this machine. */
  public boolean exists() {
    return !kernel.netns().list(names.prefix()).isEmpty()
        || Files.exists(names.runtimeDir(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Removes everything the cluster made: every {@code jk-<id>-} namespace (pods first, the VPC
   * last; links, routes, rules and nftables tables inside go with them) and the runtime dir.
   * Returns what was removed, for the CLI to print.
   */
  public List<String> destroy() {
    List<String> removed = new ArrayList<>();
    if (Files.exists(names.runtimeDir(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      dev.jkops.api.SafePaths.checkOwnedDir(names.runtimeDir(), "runtime dir");
    }
    // the API server before etcd, which it reads; both by pid checked against their command lines
    dev.jkops.cloud.local.apiserver.ApiServerProcess.stop(names.runtimeDir())
        .ifPresent(removed::add);
    // etcd first, by pid checked against its command line, so no member outlives its namespace or
    // data
    for (String stopped : dev.jkops.cloud.local.etcd.EtcdControlPlane.stopAll(names.runtimeDir())) {
      removed.add(stopped);
    }
    List<String> namespaces = new ArrayList<>(kernel.netns().list(names.prefix()));
    namespaces.sort(
        Comparator.comparing(
                (String n) ->
                    n.equals(names.vpcNamespace())
                        ? 2
                        : n.startsWith(names.prefix() + "p-") ? 0 : 1)
            .thenComparing(n -> n));
    for (String ns : namespaces) {
      kernel.netns().delete(ns);
      removed.add("namespace " + ns);
    }
    Path dir = names.runtimeDir();
    if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      // never through a link: one planted in the runtime dir goes as a link, not what it points at
      try {
        dev.jkops.api.SafePaths.deleteTree(dir);
      } catch (IOException e) {
        throw new KernelException("could not delete " + dir + ": " + e.getMessage(), e);
      }
      removed.add("directory " + dir);
    }
    return removed;
  }
}
