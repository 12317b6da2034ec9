package dev.jkops.cli;

import dev.jkops.cloud.local.pods.PolicyStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops delete networkpolicy NAME... [-n NS]}: kubectl's delete, with the rules removed from
 * every pod.
 */
@Command(
    name = "networkpolicy",
    aliases = {"networkpolicies", "netpol"},
    description = "Delete NetworkPolicies of a local cluster (their rules leave every pod).")
final class DeleteNetworkPolicyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption cluster;

  @Parameters(arity = "1..*", paramLabel = "NAME", description = "Policy names.")
  List<String> names;

  @Mixin ObjectNamespaceOption namespace;

  @Override
  public Integer call() {
    String name = cluster.resolve(null);
    try (StoreOptions.Held lock = store.lock(name)) {
      List<PolicyStore.PolicyName> policies =
          names.stream().map(n -> new PolicyStore.PolicyName(namespace.name, n)).toList();
      return KubeObjectDeletion.delete(
                  LocalPods.open(store, name),
                  policies,
                  List.of(),
                  spec.commandLine().getOut(),
                  spec.commandLine().getErr())
              == 0
          ? 0
          : 1;
    }
  }
}
