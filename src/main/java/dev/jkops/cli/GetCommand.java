package dev.jkops.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jkops get}: a parent for one subcommand per kind of thing. Adding {@code get networking}
 * or {@code get nodes} is one line in {@link #SUBCOMMANDS} and one in {@link #NAMES}.
 */
@Command(name = "get", description = GetCommand.DESCRIPTION)
final class GetCommand implements Callable<Integer> {
  static final String DESCRIPTION = "Show clusters, instance groups and more.";

  /**
   * The kinds, in the order {@code jkops get --help} lists them. Registered by {@link Main} rather
   * than in {@code @Command(subcommands=...)}, so that {@code jkops get clusters} builds picocli's
   * model of {@code clusters} only: building all eight was a third of its start-up, and one of them
   * ({@code networkpolicies}) made a YAML mapper just by being instantiated (docs/benchmarks.md).
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          GetClustersCommand.class,
          GetInstanceGroupsCommand.class,
          GetPodsCommand.class,
          GetNetworkingCommand.class,
          GetNodesCommand.class,
          GetHistoryCommand.class,
          GetNetworkPoliciesCommand.class,
          GetNamespacesCommand.class);

  /**
   * Each kind's name and aliases as its {@code @Command} says (MainVerbsTest proves they agree), so
   * the kind is found without reading eight annotations.
   */
  static final Map<String, Class<?>> NAMES =
      Map.ofEntries(
          Map.entry("clusters", GetClustersCommand.class),
          Map.entry("cluster", GetClustersCommand.class),
          Map.entry("instancegroups", GetInstanceGroupsCommand.class),
          Map.entry("instancegroup", GetInstanceGroupsCommand.class),
          Map.entry("ig", GetInstanceGroupsCommand.class),
          Map.entry("igs", GetInstanceGroupsCommand.class),
          Map.entry("pods", GetPodsCommand.class),
          Map.entry("pod", GetPodsCommand.class),
          Map.entry("po", GetPodsCommand.class),
          Map.entry("networking", GetNetworkingCommand.class),
          Map.entry("network", GetNetworkingCommand.class),
          Map.entry("net", GetNetworkingCommand.class),
          Map.entry("nodes", GetNodesCommand.class),
          Map.entry("node", GetNodesCommand.class),
          Map.entry("no", GetNodesCommand.class),
          Map.entry("history", GetHistoryCommand.class),
          Map.entry("networkpolicies", GetNetworkPoliciesCommand.class),
          Map.entry("networkpolicy", GetNetworkPoliciesCommand.class),
          Map.entry("netpol", GetNetworkPoliciesCommand.class),
          Map.entry("namespaces", GetNamespacesCommand.class),
          Map.entry("namespace", GetNamespacesCommand.class),
          Map.entry("ns", GetNamespacesCommand.class));

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "say what to get: " + String.join(", ", spec.subcommands().keySet()));
  }
}
