package dev.jkops.cli;

import dev.jkops.cloud.local.pods.Pod;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.pods.PodSpec;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops create pod NAME [--node N] [--namespace NS] [--labels k=v,...]} on the local cloud.
 */
@Command(
    name = "pod",
    description = "Start a pod (a network namespace with eth0 from its node's network).")
final class CreatePodCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption cluster;

  @Parameters(index = "0", paramLabel = "NAME", description = "Pod name.")
  String name;

  @Option(
      names = "--node",
      paramLabel = "NODE",
      description = "Node to run on (default: the worker with fewest pods).")
  String node;

  @Mixin ObjectNamespaceOption namespace;

  @Option(
      names = {"-l", "--labels"},
      paramLabel = "k=v,...",
      description = "Labels, e.g. app=web,tier=front.")
  String labels;

  @Override
  public Integer call() {
    try (StoreOptions.Held lock = store.lock(cluster.resolve(null))) {
      return callLocked();
    }
  }

  private Integer callLocked() {
    PodManager pods = LocalPods.open(store, cluster.resolve(null));
    Pod pod =
        LocalPods.call(
            () ->
                pods.create(
                    new PodSpec(
                        name,
                        namespace.name,
                        PodSpec.parseLabels(labels),
                        Optional.ofNullable(node))));
    spec.commandLine()
        .getOut()
        .println(
            "pod/"
                + pod.name()
                + " created on node "
                + pod.node()
                + " with address "
                + pod.address());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
