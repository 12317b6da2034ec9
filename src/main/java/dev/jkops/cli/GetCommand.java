package dev.jkops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jkops get}: a parent for one subcommand per kind of thing. Adding {@code get networking}
 * or {@code get nodes} is one line in {@code subcommands}.
 */
@Command(
    name = "get",
    description = "Show clusters, instance groups and more.",
    subcommands = {
      GetClustersCommand.class,
      GetInstanceGroupsCommand.class,
      GetPodsCommand.class,
      GetNetworkingCommand.class,
      GetNodesCommand.class,
      GetHistoryCommand.class,
      GetNetworkPoliciesCommand.class,
      GetNamespacesCommand.class,
    })
final class GetCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "say what to get: " + String.join(", ", spec.subcommands().keySet()));
  }
}
