package dev.jkops.cli;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.store.ClusterStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jkops get clusters [NAME...] [-o table|yaml|json]}: kops' table NAME CLOUD ZONES. */
@Command(
    name = "clusters",
    aliases = {"cluster"},
    description = GetClustersCommand.DESCRIPTION)
final class GetClustersCommand implements Callable<Integer> {
  static final String DESCRIPTION = "Show clusters (all, or the ones named).";
  static final String NAMES_DESCRIPTION = "Clusters to show (default: all).";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;

  @Parameters(arity = "0..*", paramLabel = "NAME", description = NAMES_DESCRIPTION)
  List<String> names = new ArrayList<>();

  @Mixin OutputOption.Standard output;

  @Override
  public Integer call() {
    OutputFormat format = output.format();
    ClusterStore clusters = store.open();
    List<Cluster> shown = new ArrayList<>();
    Set<String> unmodelled = new LinkedHashSet<>();
    List<String> wanted = names.isEmpty() ? clusters.list() : names;
    for (String name : wanted) {
      ClusterStore.Stored s = clusters.require(name);
      shown.add(s.cluster());
      unmodelled.addAll(s.unmodelledFields());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Warnings.unmodelled(err, unmodelled);
    if (shown.isEmpty()) {
      err.println(
          "No clusters found in state store "
              + clusters.location()
              + "; create one with 'jkops create cluster', or check --state / KOPS_STATE_STORE");
      err.flush();
      return 0;
    }
    if (format == OutputFormat.TABLE) {
      Table t = new Table("NAME", "CLOUD", "ZONES");
      for (Cluster c : shown) {
        Set<String> zones = new TreeSet<>();
        if (c.spec() != null) {
          c.spec().subnetsOrEmpty().stream()
              .map(ClusterSubnet::zone)
              .filter(z -> z != null)
              .forEach(zones::add);
        }
        String cloud =
            c.spec() == null || c.spec().cloudProvider() == null ? "" : c.spec().cloudProvider();
        t.row(c.name(), cloud, String.join(",", zones));
      }
      t.print(out);
    } else {
      out.print(format.render(shown));
      out.flush();
    }
    return 0;
  }
}
