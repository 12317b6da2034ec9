package dev.jkops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * kubectl's {@code -n NS} and {@code -A} for listing commands. jkops lists every namespace when
 * neither is given (a local cluster has few objects, and its system pods are what a user looks for
 * first), so {@code -A} is accepted for the habit and means the same.
 */
final class NamespaceOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Only this namespace (default: all).")
  String namespace;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Every namespace (the default).")
  boolean all;

  /**
   * The one namespace to show, or null for all of them; a usage error when both flags are given.
   */
  String only() {
    if (all && namespace != null) {
      throw new CommandLine.ParameterException(
          mixee.commandLine(),
          "-n " + namespace + " and -A (--all-namespaces)" + " contradict each other; give one");
    }
    return namespace;
  }
}
