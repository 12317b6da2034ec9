package dev.jkops.cli;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.StepMarks;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.local.ClusterOwner;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.pods.LocalPodCluster;
import dev.jkops.cloud.local.pods.Pod;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.pods.PodStore;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What the pod, apply, exec and validate commands share: the stored cluster (completed, as update
 * applied it), the pods of its running local cloud, and running pod work: an I/O failure on the
 * cluster's runtime files becomes a command error (the local cloud's own errors are user-facing
 * already).
 */
final class LocalPods {
  private LocalPods() {}

  static ClusterBundle bundle(ClusterStore clusters, String name) {
    ClusterStore.Stored stored = clusters.require(name);
    return new ClusterBundle(
        clusters.completed(name).orElse(stored.cluster()), stored.bundle().instanceGroups());
  }

  static PodManager open(StoreOptions store, String name) {
    ClusterBundle bundle = bundle(store.open(), name);
    return open(store, bundle);
  }

  static PodManager open(StoreOptions store, ClusterBundle bundle) {
    ClusterNames names = names(store, bundle.name());
    ClusterOwner.claimant(bundle.name(), store.uri()).verify(Kernel.system(), names);
    return call(
        () -> new PodManager(Kernel.system(), LocalPodCluster.of(Kernel.system(), names, bundle)));
  }

  /**
   * Every pod of a running cluster, as its runtime store holds them: what {@code get pods} shows.
   * Unlike {@link #open} this neither parses the cluster's spec nor reads its nodes from the kernel
   * ({@code ip} commands per node, most of a command's time with many nodes), which listing the
   * records needs neither of. A cluster that is not in the store, not this store's on this machine,
   * or not running fails as {@link #open} fails (it is what runs then).
   */
  static List<Pod> listPods(StoreOptions store, String name) {
    ClusterStore clusters = store.open();
    if (!clusters.exists(name)) {
      clusters.require(name); // says how to list or create one
    }
    ClusterNames names = names(store, name);
    // The owner check runs an `ip` process (the VPC namespace's mark), as long as the whole read
    // of 1,000 pods on a loaded machine; it runs beside the read, and its failure, if any, is
    // what the command reports, before anything is printed, as when it ran first.
    CompletableFuture<Void> owner =
        CompletableFuture.runAsync(
            () -> ClusterOwner.claimant(name, store.uri()).verify(Kernel.system(), names));
    if (Kernel.system().netns().list(names.prefix()).isEmpty()) {
      await(owner);
      return call(open(store, name)::list); // not running: fails saying how to bring it up
    }
    StepMarks.mark("cluster-checked");
    List<Pod> pods;
    try {
      pods = call(() -> new PodStore(names.runtimeDir()).list());
    } catch (RuntimeException e) {
      await(owner); // the owner's refusal comes first, as when it was checked first
      throw e;
    }
    await(owner);
    StepMarks.mark("owner-checked");
    return pods;
  }

  /** Waits for {@code check}, throwing what it threw. */
  private static void await(CompletableFuture<Void> check) {
    try {
      check.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /**
   * The cluster's local names, with its runtime files under {@code JKOPS_RUNTIME_DIR} when that is
   * set.
   */
  static ClusterNames names(StoreOptions store, String name) {
    String dir = store.env().get("JKOPS_RUNTIME_DIR");
    return dir == null || dir.isBlank()
        ? ClusterNames.of(name, ClusterNames.DEFAULT_RUNTIME_BASE)
        : ClusterNames.of(name, java.nio.file.Path.of(dir));
  }

  static <T> T call(Callable<T> body) {
    try {
      return body.call();
    } catch (UncheckedIOException e) {
      throw new CommandException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
