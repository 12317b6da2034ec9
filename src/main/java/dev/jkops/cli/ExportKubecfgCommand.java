package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops export kubecfg [NAME | --all] [--admin[=DURATION]] [--user USER] [--kubeconfig
 * FILE]}, as kops does it: a cluster and a context named after the cluster are merged into the
 * kubeconfig ({@code --kubeconfig}, else {@code $KUBECONFIG} as kubectl reads it, else {@code
 * ~/.kube/config}), and the context becomes current ({@link Kubeconfig} says what is kept). With
 * {@code --admin} the context's user holds a client certificate issued by the cluster CA (user
 * admin, group system:masters) for that long (18h bare, as kops); with {@code --user} the context
 * uses a user the file has; with neither it keeps the user it had, and warns when that is none.
 */
@Command(
    name = "kubecfg",
    aliases = "kubeconfig",
    description = "Write a kubectl context for a local cluster's Kubernetes API.")
final class ExportKubecfgCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = ClusterNameOption.POSITIONAL)
  String positionalName;

  @Mixin KubecfgExport.Options credential;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The kubeconfig to write (default: $KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--all",
      description =
          "Export every cluster in the state store (the last, in name order, becomes current).")
  boolean all;

  @Override
  public Integer call() {
    if (all) {
      return exportAll();
    }
    String name = clusterName.resolve(positionalName);
    KubecfgExport export = credential.prepare(spec.commandLine(), store.env(), kubeconfig);
    ClusterStore clusters = store.open();
    ClusterStore.Stored stored = clusters.require(name);
    export.export(
        name,
        CloudCommands.cloud(clusters, stored, store.env()),
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
    return 0;
  }

  /**
   * {@code --all}, as kops': each cluster of the store in turn; one jkops cannot export (an AWS
   * cluster) is a warning and the rest go on.
   */
  private int exportAll() {
    if (positionalName != null || clusterName.name != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "cannot use both --all and a cluster name; give one or the other");
    }
    KubecfgExport export = credential.prepare(spec.commandLine(), store.env(), kubeconfig);
    ClusterStore clusters = store.open();
    java.util.List<String> names = clusters.list();
    if (names.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "No clusters found in state store " + clusters.location() + "; nothing exported");
      spec.commandLine().getErr().flush();
      return 0;
    }
    for (String name : names) {
      export.exportOrWarn(
          name,
          CloudCommands.cloud(clusters, clusters.require(name), store.env()),
          spec.commandLine().getOut(),
          spec.commandLine().getErr());
    }
    return 0;
  }
}
