package dev.jkops.cli;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.store.ClusterStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    return show(
        store.open(), names, format, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /**
   * Prints the clusters named (all when none is) in {@code format}: every config is read before
   * anything is printed, so a bad or missing one fails the command with nothing on stdout.
   */
  static int show(
      ClusterStore clusters,
      List<String> names,
      OutputFormat format,
      PrintWriter out,
      PrintWriter err) {
    List<Cluster> shown = new ArrayList<>();
    Set<String> unmodelled = new LinkedHashSet<>();
    List<String> wanted = names.isEmpty() ? clusters.list() : names;
    for (String name : wanted) {
      // the config alone: the table and -o yaml|json print the Cluster, never its instance groups
      ClusterStore.Config c = clusters.requireConfig(name);
      shown.add(c.cluster());
      unmodelled.addAll(c.unmodelledFields());
    }
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
        String cloud = "";
        if (c.spec() != null) {
          for (ClusterSubnet subnet : c.spec().subnetsOrEmpty()) {
            if (subnet.zone() != null) {
              zones.add(subnet.zone());
            }
          }
          cloud = c.spec().cloudProvider() == null ? "" : c.spec().cloudProvider();
        }
        t.row(c.name(), cloud, String.join(",", zones));
      }
      t.print(out);
    } else {
      out.print(format.render(shown));
      out.flush();
    }
    return 0;
  }

  /**
   * {@code jkops get clusters} without picocli, for the command lines users type ({@link FastGet}:
   * names, at most one {@code -o table|yaml|json} and one {@code --state URI}); null, having
   * printed nothing, when picocli's path must run it.
   */
  static Integer fast(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return FastGet.run(
        args,
        NAMES,
        0,
        Integer.MAX_VALUE,
        env,
        out,
        err,
        (clusters, line, o, e) -> show(clusters, line.names(), line.format(), o, e));
  }

  private static final Set<String> NAMES = Set.of("clusters", "cluster");
}
