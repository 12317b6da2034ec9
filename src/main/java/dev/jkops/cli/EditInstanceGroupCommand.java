package dev.jkops.cli;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.InstanceGroup;
import dev.jkops.api.store.ClusterStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jkops edit instancegroup --name CLUSTER IG}. */
@Command(
    name = "instancegroup",
    aliases = {"instancegroups", "ig"},
    description = "Edit an instance group in $EDITOR.")
final class EditInstanceGroupCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(index = "0", paramLabel = "IG", description = "Instance group name.")
  String group;

  @Override
  public Integer call() {
    try (StoreOptions.Held lock = store.lock(clusterName.resolve(null))) {
      return callLocked();
    }
  }

  private Integer callLocked() {
    String name = clusterName.resolve(null);
    ClusterStore clusters = store.open();
    ClusterStore.Stored stored = clusters.require(name);
    ClusterStore.checkName("instance group", group);
    byte[] bytes =
        clusters
            .instanceGroupBytes(name, group)
            .orElseThrow(
                () ->
                    new CommandException(
                        "instance group \""
                            + group
                            + "\" was not found in cluster "
                            + name
                            + "; list them with 'jkops get instancegroups --name "
                            + name
                            + "'"));
    PrintWriter out = spec.commandLine().getOut();
    return EditSession.run(
        store.env(),
        out,
        "jkops-edit-" + group + "-",
        bytes,
        docs -> {
          if (docs.instanceGroups().size() != 1 || !docs.clusters().isEmpty()) {
            throw new CommandException(
                "the edited file must hold exactly one InstanceGroup document (it holds "
                    + docs.instanceGroups().size()
                    + " instance groups and "
                    + docs.clusters().size()
                    + " clusters)");
          }
          InstanceGroup edited = docs.instanceGroups().get(0);
          if (!group.equals(edited.name())) {
            throw new CommandException(
                "metadata.name: an instance group cannot be renamed (from "
                    + group
                    + " to "
                    + edited.name()
                    + "); put back metadata.name: "
                    + group);
          }
          List<InstanceGroup> groups = new ArrayList<>();
          for (InstanceGroup ig : stored.bundle().instanceGroups()) {
            groups.add(ig.name().equals(group) ? edited : ig);
          }
          SpecCheck.check(new ClusterBundle(stored.cluster(), groups));
          clusters.putInstanceGroup(name, edited);
          out.println(
              "Instance group "
                  + group
                  + " of cluster "
                  + name
                  + " updated. Apply it with: jkops update cluster --name "
                  + name
                  + " --yes");
          out.flush();
        });
  }
}
