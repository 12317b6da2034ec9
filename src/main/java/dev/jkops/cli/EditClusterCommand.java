package dev.jkops.cli;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.store.ClusterStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops edit cluster NAME}: edit the cluster spec; then {@code update cluster} applies it.
 */
@Command(name = "cluster", description = "Edit a cluster's spec in $EDITOR.")
final class EditClusterCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = ClusterNameOption.POSITIONAL)
  String positionalName;

  @Override
  public Integer call() {
    try (StoreOptions.Held lock = store.lock(clusterName.resolve(positionalName))) {
      return callLocked();
    }
  }

  private Integer callLocked() {
    String name = clusterName.resolve(positionalName);
    ClusterStore clusters = store.open();
    ClusterStore.Stored stored = clusters.require(name);
    PrintWriter out = spec.commandLine().getOut();
    return EditSession.run(
        store.env(),
        out,
        "jkops-edit-" + name + "-",
        stored.configBytes(),
        docs -> {
          if (docs.clusters().size() != 1 || !docs.instanceGroups().isEmpty()) {
            throw new CommandException(
                "the edited file must hold exactly one Cluster document (it holds "
                    + docs.clusters().size()
                    + " clusters and "
                    + docs.instanceGroups().size()
                    + " instance groups)");
          }
          Cluster edited = docs.clusters().get(0);
          if (!name.equals(edited.name())) {
            throw new CommandException(
                "metadata.name: a cluster cannot be renamed (from "
                    + name
                    + " to "
                    + edited.name()
                    + "); put back metadata.name: "
                    + name);
          }
          ClusterBundle bundle = new ClusterBundle(edited, stored.bundle().instanceGroups());
          dev.jkops.api.ClusterValidator.checkUpdate(stored.cluster(), edited);
          Cluster completed = SpecCheck.checkAndComplete(bundle);
          Warnings.validation(spec.commandLine().getErr(), bundle);
          clusters.writeAll(
              java.util.List.of(
                  clusters.completedChange(completed), clusters.configChange(edited)));
          out.println(
              "Cluster "
                  + name
                  + " updated in state store "
                  + clusters.location()
                  + ". Apply it with: jkops update cluster --name "
                  + name
                  + " --yes");
          out.flush();
          // at the edit that introduced them, not at the next command
          Warnings.unmodelled(spec.commandLine().getErr(), docs.unmodelledFields());
        });
  }
}
