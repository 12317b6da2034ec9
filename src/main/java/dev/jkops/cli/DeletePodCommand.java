package dev.jkops.cli;

import dev.jkops.cloud.local.pods.PodManager;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jkops delete pod NAME}: CNI DEL on its node, then its namespace, by exact name. */
@Command(name = "pod", description = "Delete a pod of a local cluster.")
final class DeletePodCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption cluster;

  @Parameters(index = "0", paramLabel = "NAME", description = "Pod name.")
  String name;

  @Mixin ObjectNamespaceOption namespace;

  @Override
  public Integer call() {
    try (StoreOptions.Held lock = store.lock(cluster.resolve(null))) {
      return callLocked();
    }
  }

  private Integer callLocked() {
    PodManager pods = LocalPods.open(store, cluster.resolve(null));
    LocalPods.call(
        () -> {
          pods.delete(namespace.name, name);
          return null;
        });
    spec.commandLine().getOut().println("pod \"" + name + "\" deleted");
    spec.commandLine().getOut().flush();
    return 0;
  }
}
