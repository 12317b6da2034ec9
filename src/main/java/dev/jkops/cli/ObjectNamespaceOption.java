package dev.jkops.cli;

import picocli.CommandLine.Option;

/**
 * kubectl's {@code -n NS} for the commands that act on named objects (create, delete and exec a
 * pod, delete network policies): the objects' namespace, {@code default} unless given. Listing
 * commands take {@link NamespaceOptions} instead, where no {@code -n} means every namespace.
 */
final class ObjectNamespaceOption {
  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      defaultValue = "default",
      description = "Kubernetes namespace.")
  String name;
}
