package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.Cloud;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops delete cluster NAME [--yes]}: without --yes, says what would go; with it, tears down
 * what the cluster's {@link Cloud} made for it, then removes the cluster's files from the state
 * store. A teardown that fails throws, and the state is kept so the delete can be run again.
 */
@Command(name = "cluster", description = "Delete a cluster (preview unless --yes).")
final class DeleteClusterCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(
      arity = "0..1",
      paramLabel = "NAME",
      description = ClusterNameOption.POSITIONAL_NO_CONTEXT)
  String positionalName;

  @Option(
      names = {"-y", "--yes"},
      description = "Really delete.")
  boolean yes;

  @Override
  public Integer call() {
    String name = clusterName.resolveWithoutKubeconfig(positionalName);
    try (StoreOptions.Held lock = yes ? store.lock(name) : null) {
      return callLocked();
    }
  }

  private Integer callLocked() {
    String name = clusterName.resolveWithoutKubeconfig(positionalName);
    ClusterStore clusters = store.open();
    ClusterStore.Stored stored = clusters.require(name);
    Map<String, String> env = store.env();
    PrintWriter out = spec.commandLine().getOut();
    Cloud cloud = CloudCommands.cloud(clusters, stored, env);
    if (!yes) {
      List<String> lines = new ArrayList<>(cloud.teardownPreview());
      for (String f : clusters.files(name)) {
        lines.add("state\t" + clusters.location() + "/" + f);
      }
      out.println("Would delete cluster " + name + ":");
      lines.forEach(l -> out.println("  " + l));
      out.println();
      out.println("Must specify --yes to delete cluster");
      out.flush();
      return 0;
    }
    cloud.teardown(CloudCommands.output(spec.commandLine()));
    forgetKubectlContext(name, env, out);
    clusters.delete(name);
    out.println("Deleted cluster: \"" + name + "\"");
    java.util.List<dev.jkops.api.store.StateHistory.Version> kept =
        new dev.jkops.api.store.StateHistory(clusters.stateStore()).versions(name);
    if (!kept.isEmpty()) {
      out.println(
          "Kept "
              + kept.size()
              + " earlier version(s) of its spec (jkops get history cluster "
              + name
              + "); bring the last one back with: jkops restore cluster "
              + name
              + " --version "
              + kept.get(kept.size() - 1).number()
              + " --yes");
    }
    out.flush();
    return 0;
  }

  /**
   * Takes the cluster's context, cluster and user out of the kubeconfig, as kops does; a kubeconfig
   * jkops cannot read is a warning, since the cluster itself is gone either way.
   */
  private void forgetKubectlContext(String name, Map<String, String> env, PrintWriter out) {
    try {
      if (!Kubeconfig.read(Kubeconfig.Files.of(env, null)).remove(name).isEmpty()) {
        out.println("Deleted kubectl config for " + name);
      }
    } catch (CommandException e) {
      spec.commandLine().getErr().println(Warnings.PREFIX + e.getMessage());
      spec.commandLine().getErr().flush();
    }
  }
}
