package dev.jkops.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The cluster a command acts on: {@code --name}, the NAME argument, or {@code KOPS_CLUSTER_NAME};
 * failing those, as kops does, the cluster of kubectl's current context ("Using cluster from
 * kubectl context: NAME" on stderr), which {@code create cluster --yes}, {@code update cluster
 * --yes} and {@code export kubecfg} set. That is what makes the networking guide's bare {@code kops
 * update cluster} and {@code kops rolling-update cluster} work. {@code create cluster} and {@code
 * delete cluster} never take it from the context (kops' {@code clusterNameArgsNoKubeconfig}): a
 * cluster is not made or deleted by whatever kubectl last pointed at.
 */
final class ClusterNameOption {
  static final String ENV = "KOPS_CLUSTER_NAME";
  static final String DESCRIPTION = "Cluster name. Default: $KOPS_CLUSTER_NAME.";

  /**
   * A command's NAME argument, where a command given no name takes the current kubectl context's
   * cluster, as kops does.
   */
  static final String POSITIONAL =
      "Cluster name (or --name, or $KOPS_CLUSTER_NAME; else the cluster of kubectl's current"
          + " context).";

  /** The NAME argument of create and delete cluster, which never take kubectl's context. */
  static final String POSITIONAL_NO_CONTEXT = "Cluster name (or --name, or $KOPS_CLUSTER_NAME).";

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--name", paramLabel = "NAME", description = DESCRIPTION)
  String name;

  /**
   * The name in effect, from the kubectl context when nothing else names it; a usage error (exit 2)
   * when none is given or two disagree.
   */
  String resolve(String positional) {
    return resolve(positional, true);
  }

  /** As {@link #resolve(String)}, but never from the kubectl context: create and delete cluster. */
  String resolveWithoutKubeconfig(String positional) {
    return resolve(positional, false);
  }

  /**
   * The name the first resolve found from the kubectl context: a command that resolves twice (once
   * for its lock, once for its work) reads the kubeconfig and says "Using cluster..." once.
   */
  private String fromContextOnce;

  private String resolve(String positional, boolean fromContext) {
    if (name != null && positional != null && !name.equals(positional)) {
      throw new CommandLine.ParameterException(
          mixee.commandLine(),
          "the cluster is named twice, --name " + name + " and " + positional + "; give it once");
    }
    String n = name != null ? name : positional;
    Map<String, String> env = Main.env(mixee);
    if (n == null) {
      n = env.get(ENV);
    }
    if ((n == null || n.isBlank()) && fromContext) {
      if (fromContextOnce == null) {
        fromContextOnce = fromKubectlContext(env);
      }
      n = fromContextOnce;
    }
    if (n == null || n.isBlank()) {
      throw new CommandLine.ParameterException(
          mixee.commandLine(),
          "no cluster name given; pass --name NAME"
              + " (e.g. --name mycluster.example.com), give it as the argument, or set "
              + ENV
              + (fromContext
                  ? ", or make it kubectl's current context (jkops export kubecfg)"
                  : ""));
    }
    return n.trim();
  }

  /**
   * The cluster of kubectl's current context, said on stderr as kops says it; null when there is
   * none. A kubeconfig that cannot be read is a warning here, as in kops, not the command's error.
   */
  private String fromKubectlContext(Map<String, String> env) {
    java.io.PrintWriter err = mixee.commandLine().getErr();
    try {
      java.util.Optional<String> cluster =
          Kubeconfig.read(Kubeconfig.Files.of(env, null))
              .currentCluster(w -> err.println(Warnings.PREFIX + w));
      cluster.ifPresent(
          c -> err.println("Using cluster from kubectl context: " + c + System.lineSeparator()));
      err.flush();
      return cluster.orElse(null);
    } catch (CommandException e) {
      err.println(Warnings.PREFIX + e.getMessage());
      err.flush();
      return null;
    }
  }
}
