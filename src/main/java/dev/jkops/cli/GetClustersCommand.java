package dev.jkops.cli;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.api.store.StateStores;
import java.io.PrintWriter;
import java.io.StringWriter;
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
   * {@code jkops get clusters} without picocli, for the command lines users type: {@code get
   * clusters|cluster}, then names and at most one {@code -o/--output table|yaml|json} and one
   * {@code --state URI} (also before {@code get}). Building picocli's model and parsing (its
   * classes initialised, a regular expression compiled per command spec, the converters registered)
   * was about half of what {@code get clusters} cost above {@code jkops version}
   * (docs/benchmarks.md). Returns null, having printed nothing, for any other command line (help,
   * an unknown or repeated option, a value that looks like an option, {@code @file}, {@code --})
   * and whenever the command fails: picocli's path then runs it, and prints its usual usage error
   * or error message. The command only reads, so running it again changes nothing.
   * HandBuiltModelsTest runs a corpus of command lines both ways.
   */
  static Integer fast(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    String state = null;
    String output = null;
    List<String> names = new ArrayList<>();
    int words = 0; // get, then clusters
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value;
      if (a.equals("--state") || a.equals("-o") || a.equals("--output")) {
        if (i + 1 >= args.length) {
          return null;
        }
        value = args[++i];
      } else if (a.startsWith("--state=") || a.startsWith("--output=")) {
        value = a.substring(a.indexOf('=') + 1);
      } else if (isPlainWord(a)) {
        if (words == 0) {
          if (!a.equals("get")) {
            return null;
          }
          words++;
        } else if (words == 1) {
          if (!a.equals("clusters") && !a.equals("cluster")) {
            return null;
          }
          words++;
        } else {
          names.add(a);
        }
        continue;
      } else {
        return null;
      }
      if (!isPlainWord(value) || SUBCOMMAND_NAMES.contains(value)) {
        return null; // picocli refuses a subcommand's name as an option's value
      }
      if (a.startsWith("--state")) {
        if (state != null) {
          return null;
        }
        state = value;
      } else {
        if (output != null || words < 2) {
          return null;
        }
        output = value;
      }
    }
    if (words < 2) {
      return null;
    }
    OutputFormat format;
    switch (output == null ? "table" : output) {
      case "table" -> format = OutputFormat.TABLE;
      case "yaml" -> format = OutputFormat.YAML;
      case "json" -> format = OutputFormat.JSON;
      default -> {
        return null; // other spellings and errors: picocli's path
      }
    }
    StringWriter shownOut = new StringWriter();
    StringWriter shownErr = new StringWriter();
    int code;
    try {
      ClusterStore clusters =
          new ClusterStore(StateStores.open(StateStores.resolve(state, env), env));
      code = show(clusters, names, format, new PrintWriter(shownOut), new PrintWriter(shownErr));
    } catch (RuntimeException e) {
      return null; // picocli's path reads again and reports it as every command does
    }
    err.print(shownErr);
    err.flush();
    out.print(shownOut);
    out.flush();
    return code;
  }

  private static final Set<String> SUBCOMMAND_NAMES = Set.of("get", "clusters", "cluster");

  /** A word picocli takes as it is: not an option, not {@code @file}, not empty. */
  private static boolean isPlainWord(String a) {
    return !a.isEmpty() && a.charAt(0) != '-' && a.charAt(0) != '@';
  }
}
