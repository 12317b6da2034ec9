package dev.jkops.cli;

import dev.jkops.cloud.local.pods.PolicyStore;
import dev.jkops.cloud.local.policy.ManifestDocument;
import dev.jkops.cloud.local.policy.ManifestReader;
import dev.jkops.cloud.local.policy.NetworkPolicyReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jkops delete}: a cluster, a pod, a NetworkPolicy or a namespace, or with {@code -f FILE}
 * the NetworkPolicy and Namespace objects of a manifest {@code apply -f} took, as kubectl does.
 */
@Command(
    name = "delete",
    description =
        "Delete a cluster, pods, NetworkPolicies or namespaces; -f FILE deletes the"
            + " objects of a manifest.",
    subcommands = {
      DeleteClusterCommand.class,
      DeletePodCommand.class,
      DeleteNetworkPolicyCommand.class,
      DeleteNamespaceCommand.class
    })
final class DeleteCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption cluster;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE",
      description = "Delete the NetworkPolicy and Namespace objects this manifest describes.")
  Path file;

  @Override
  public Integer call() {
    if (file == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "say what to delete: "
              + String.join(
                  ", ",
                  spec.subcommands().values().stream()
                      .map(c -> c.getCommandName())
                      .distinct()
                      .toList())
              + ", or -f FILE");
    }
    String text = InputFiles.read(file, "delete -f takes Kubernetes YAML or JSON");
    List<PolicyStore.PolicyName> policies = new ArrayList<>();
    List<String> namespaces = new ArrayList<>();
    for (ManifestDocument doc : LocalPods.call(() -> ManifestReader.read(text, file.toString()))) {
      if (doc.name().isEmpty()) {
        throw new CommandException(
            doc.describe()
                + " has no metadata.name, so there is nothing to delete by; name"
                + " the object in the file. Nothing was deleted");
      }
      switch (doc.kind()) {
        case "NetworkPolicy" ->
            policies.add(
                new PolicyStore.PolicyName(
                    doc.body()
                        .path("metadata")
                        .path("namespace")
                        .asText(NetworkPolicyReader.DEFAULT_NAMESPACE),
                    doc.name()));
        case "Namespace" -> namespaces.add(doc.name());
        default ->
            throw new CommandException(
                doc.describe()
                    + ": delete -f removes NetworkPolicy and Namespace"
                    + " objects; a networking provider installed with apply -f stays until the cluster is deleted (delete"
                    + " cluster). Nothing was deleted");
      }
    }
    String name = cluster.resolve(null);
    try (StoreOptions.Held lock = store.lock(name)) {
      return KubeObjectDeletion.delete(
                  LocalPods.open(store, name),
                  policies,
                  namespaces,
                  spec.commandLine().getOut(),
                  spec.commandLine().getErr())
              == 0
          ? 0
          : 1;
    }
  }
}
