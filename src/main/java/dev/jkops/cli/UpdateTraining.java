package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.StateStores;
import dev.jkops.cloud.local.ControlPlane;
import dev.jkops.cloud.local.LocalClusterResources;
import dev.jkops.cloud.local.LocalClusterUpdate;
import dev.jkops.cloud.local.apiserver.ClusterPki;
import dev.jkops.cloud.local.design.SharedLists;
import dev.jkops.cloud.local.etcd.EtcdControlPlane;
import dev.jkops.cloud.local.kernel.CommandResult;
import dev.jkops.cloud.local.kernel.CommandRunner;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.Netns;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.addon.ClusterArtifactsWriter;
import dev.jkops.tasks.Action;
import dev.jkops.tasks.Engine;
import dev.jkops.tasks.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The part of the launcher's training run that stands for {@code update cluster --yes} on the local
 * cloud: the training's cluster is planned, designed, diffed and previewed as {@code update} does
 * it, its changes are applied by the same engine and handlers, etcd's configuration and the API
 * server's certificate are made as update's control-plane threads make them before they start a
 * process, and its addons are written to the training's state store. Without it, a 1-node first
 * {@code update --yes} loaded 756 classes from outside the archive (252 of them jkops'), each
 * parsed and verified again on every run; with it, 238 (75 of them jkops'; the rest are mostly the
 * JDK's process, socket and certificate-event classes, which only starting a process or opening a
 * socket would load, and proxies and lambda forms).
 *
 * <p>Nothing reaches the machine: the kernel it is given starts no program. Every command is
 * answered "done, no output" without running ({@link #NOTHING_RUNS}); so the diff finds nothing,
 * and the apply goes as far as a handler that needs an answer the kernel did not give. It starts no
 * etcd and no API server and opens no socket (those are started outside the engine), its runtime
 * dir is in the training's own directory, and it applies only when every change is a create and
 * none of the cluster's namespaces exists on this machine (so no delete path, which stops
 * processes, can run).
 */
final class UpdateTraining {
  /** Runs nothing; says every command succeeded and printed nothing. */
  static final CommandRunner NOTHING_RUNS = c -> new CommandResult(c, 0, "", "");

  private UpdateTraining() {}

  /** What the training did: the preview's text, and how many of its changes the engine applied. */
  record Done(String preview, int changes, int applied, String stoppedBy) {}

  /**
   * Previews and applies {@code cluster}, just created in the file store in {@code dir} (a second
   * run finds the first one's runtime files, with no owner record, and stops in the preview).
   */
  static Done run(Path dir, String cluster) {
    Map<String, String> env =
        Map.of(ClusterNames.RUNTIME_DIR_ENV, dir.resolve("runtime").toString());
    ClusterStore clusters = new ClusterStore(StateStores.open("file://" + dir, env));
    ClusterStore.Stored stored = clusters.require(cluster);
    Kernel kernel = new Kernel(NOTHING_RUNS);
    LocalClusterUpdate update = new LocalClusterUpdate(kernel, clusters.stateStore(), env);
    LocalClusterUpdate.Preview preview = update.preview(stored.bundle());
    String text = SharedLists.dryRun(preview.changes());
    ClusterNames names = ClusterNames.of(cluster, env);
    boolean onlyCreates =
        preview.changes().changes().stream().allMatch(a -> a instanceof Action.Create);
    AtomicInteger finished = new AtomicInteger();
    String stoppedBy = "";
    if (onlyCreates && !anyNamespace(names.prefix())) {
      try {
        Engine.apply(
            preview.changes(),
            new LocalClusterResources(kernel, names).target(),
            event -> {
              if (event instanceof ProgressListener.Finished) {
                finished.incrementAndGet();
              }
            },
            dev.jkops.cloud.local.LocalCloudTarget.PARALLELISM);
      } catch (RuntimeException e) {
        // a handler wanted an answer no program gave: the classes up to there are loaded
        stoppedBy = String.valueOf(e.getMessage());
      }
    }
    // what update's control-plane threads do before they start a process: etcd's configuration
    // (a file in the runtime dir), and the API server's certificate, issued with a new CA the
    // first time and checked against it the next
    EtcdControlPlane.configure(
        names.runtimeDir(), "jkops-" + names.id(), ControlPlane.members(names, preview.desired()));
    ClusterPki.serverFiles(clusters.stateStore(), cluster);
    ClusterPki.ServerFiles files = ClusterPki.serverFiles(clusters.stateStore(), cluster);
    try {
      // the API server's start, which runs from this archive too, and validate's /readyz
      dev.jkops.cloud.local.apiserver.TlsTraining.run(files);
    } catch (java.security.GeneralSecurityException | java.io.IOException e) {
      // the archive then lacks TLS's classes, which load from the JDK as before
    }
    // the kubectl context every update --yes exports, into a kubeconfig of the training's own:
    // written new, then read back and written again, as a second update does
    Path kubeconfig = dir.resolve("kubeconfig");
    for (int i = 0; i < 2; i++) {
      Kubeconfig.read(new Kubeconfig.Files(java.util.List.of(kubeconfig), kubeconfig))
          .export(
              cluster,
              new dev.jkops.cloud.Cloud.KubeAccess(
                  "https://127.0.0.1:1",
                  files.caPem(),
                  java.util.Optional.empty(),
                  java.util.Optional.empty()),
              java.util.Optional.empty());
    }
    new ClusterArtifactsWriter(clusters.stateStore())
        .write(preview.completed(), preview.network().addons());
    return new Done(text, preview.changes().changes().size(), finished.get(), stoppedBy);
  }

  /** Whether any namespace named {@code prefix}... exists on this machine (a directory read). */
  private static boolean anyNamespace(String prefix) {
    if (!Files.isDirectory(Netns.RUN_DIR)) {
      return false;
    }
    try (Stream<Path> s = Files.list(Netns.RUN_DIR)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith(prefix));
    } catch (IOException e) {
      return true; // unknown: do not apply
    }
  }
}
