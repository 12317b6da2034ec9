package dev.jkops.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops delete namespace NAME...}: the namespace, its labels, its policies and its pods, as
 * kubectl.
 */
@Command(
    name = "namespace",
    aliases = {"namespaces", "ns"},
    description = "Delete namespaces of a local cluster, with their pods and NetworkPolicies.")
final class DeleteNamespaceCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption cluster;

  @Parameters(arity = "1..*", paramLabel = "NAME", description = "Namespace names.")
  List<String> names;

  @Override
  public Integer call() {
    String name = cluster.resolve(null);
    try (StoreOptions.Held lock = store.lock(name)) {
      return KubeObjectDeletion.delete(
                  LocalPods.open(store, name),
                  List.of(),
                  names,
                  spec.commandLine().getOut(),
                  spec.commandLine().getErr())
              == 0
          ? 0
          : 1;
    }
  }
}
