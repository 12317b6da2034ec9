package dev.jkops.cli;

import dev.jkops.api.InstanceGroup;
import dev.jkops.api.InstanceGroupSpec;
import dev.jkops.api.store.ClusterStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops get instancegroups --name CLUSTER [IG...]}: kops' table NAME ROLE MACHINETYPE MIN
 * MAX ZONES.
 */
@Command(
    name = "instancegroups",
    aliases = {"instancegroup", "ig", "igs"},
    description = "Show a cluster's instance groups.")
final class GetInstanceGroupsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(
      arity = "0..*",
      paramLabel = "IG",
      description = "Instance groups to show (default: all).")
  List<String> groups = new ArrayList<>();

  @Mixin OutputOption.Standard output;

  @Override
  public Integer call() {
    OutputFormat format = output.format();
    String name = clusterName.resolve(null);
    ClusterStore.Stored stored = store.open().require(name);
    Warnings.unmodelled(spec.commandLine().getErr(), stored.unmodelledFields());
    List<InstanceGroup> shown = new ArrayList<>();
    if (groups.isEmpty()) {
      shown.addAll(stored.bundle().instanceGroups());
    } else {
      for (String g : groups) {
        shown.add(
            stored
                .bundle()
                .instanceGroup(g)
                .orElseThrow(
                    () ->
                        new CommandException(
                            "instance group \""
                                + g
                                + "\" was not found in cluster "
                                + name
                                + "; list them with 'jkops get instancegroups --name "
                                + name
                                + "'")));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == OutputFormat.TABLE) {
      Table t = new Table("NAME", "ROLE", "MACHINETYPE", "MIN", "MAX", "ZONES");
      for (InstanceGroup ig : shown) {
        InstanceGroupSpec s = ig.spec();
        t.row(
            ig.name(),
            s == null || s.role() == null ? "" : s.role(),
            s == null || s.machineType() == null ? "" : s.machineType(),
            s == null ? "" : String.valueOf(s.minSizeOrDefault()),
            s == null ? "" : String.valueOf(s.maxSizeOrDefault()),
            s == null ? "" : String.join(",", s.subnetsOrEmpty()));
      }
      t.print(out);
    } else {
      out.print(format.render(shown));
      out.flush();
    }
    return 0;
  }
}
