package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.local.ClusterOwner;
import dev.jkops.cloud.local.LocalCloud;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.Netns;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code delete cluster}'s local cloud step: every {@code jk-<id>-} namespace (with the links,
 * routes, rules and nftables tables inside) and the cluster's runtime dir.
 */
final class LocalCloudTeardown implements ClusterTeardown {

  @Override
  public List<String> preview(ClusterStore.Stored cluster, Map<String, String> env) {
    throw new IllegalStateException("the local teardown needs the state store; DeleteClusterCommand passes it");
  }

  @Override
  public void teardown(ClusterStore.Stored cluster, Map<String, String> env, PrintWriter out) {
    throw new IllegalStateException("the local teardown needs the state store; DeleteClusterCommand passes it");
  }

  /**
   * Refuses when what this machine holds under the cluster's id belongs to another cluster (the
   * same name in another state store, or a name whose id is the same).
   */
  private static ClusterNames verifiedNames(ClusterStore.Stored cluster, ClusterStore store, Map<String, String> env) {
    ClusterNames names = ClusterNames.of(cluster.cluster().name(), env);
    ClusterOwner.claimant(cluster.cluster().name(), store.location())
        .verify(Kernel.system(), names);
    return names;
  }

  @Override
  public List<String> preview(ClusterStore.Stored cluster, ClusterStore store, Map<String, String> env) {
    ClusterNames names = verifiedNames(cluster, store, env);
    List<String> lines = new ArrayList<>();
    dev.jkops.cloud.local.apiserver.ApiServerProcess.pid(names.runtimeDir())
        .ifPresent(pid -> lines.add("kube-apiserver\t(pid " + pid + ")"));
    for (var etcd : dev.jkops.cloud.local.etcd.EtcdProcesses.under(names.runtimeDir())) {
      lines.add("etcd member\t" + etcd.dataDir().getParent().getFileName() + " (pid " + etcd.pid() + ")");
    }
    new Netns(dev.jkops.cloud.local.kernel.CommandRunner.system()).list(names.prefix())
        .forEach(ns -> lines.add("namespace\t" + ns));
    if (Files.exists(names.runtimeDir(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      lines.add("directory\t" + names.runtimeDir());
    }
    return lines;
  }

  @Override
  public void teardown(ClusterStore.Stored cluster, ClusterStore store, Map<String, String> env, PrintWriter out) {
    ClusterNames names = verifiedNames(cluster, store, env);
    LocalCloud cloud = new LocalCloud(Kernel.system(), names);
    if (!cloud.exists()) {
      return;
    }
    LocalCloudRoot.require("delete cluster");
    for (String removed : cloud.destroy()) {
      out.println("Deleted " + removed);
      out.flush();
    }
  }
}
