package dev.jkops.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The cluster a command acts on: {@code --name}, the NAME argument, or {@code KOPS_CLUSTER_NAME}.
 */
final class ClusterNameOption {
  static final String ENV = "KOPS_CLUSTER_NAME";
  static final String DESCRIPTION = "Cluster name. Default: $KOPS_CLUSTER_NAME.";

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--name", paramLabel = "NAME", description = DESCRIPTION)
  String name;

  /** The name in effect; a usage error (exit 2) when none is given or two disagree. */
  String resolve(String positional) {
    if (name != null && positional != null && !name.equals(positional)) {
      throw new CommandLine.ParameterException(
          mixee.commandLine(),
          "the cluster is named twice, --name " + name + " and " + positional + "; give it once");
    }
    String n = name != null ? name : positional;
    if (n == null) {
      Map<String, String> env = Main.env(mixee);
      n = env.get(ENV);
    }
    if (n == null || n.isBlank()) {
      throw new CommandLine.ParameterException(
          mixee.commandLine(),
          "no cluster name given; pass --name NAME"
              + " (e.g. --name mycluster.example.com), give it as the argument, or set "
              + ENV);
    }
    return n.trim();
  }
}
