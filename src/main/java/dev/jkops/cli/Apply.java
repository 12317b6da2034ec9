package dev.jkops.cli;

import picocli.CommandLine;

/**
 * {@code --yes} on create: applies through the {@code update cluster} command when this jkops has
 * one, exactly as if the user had typed {@code jkops update cluster NAME --yes}.
 */
final class Apply {
  private Apply() {}

  static int run(CommandLine.Model.CommandSpec from, String cluster, String stateUri) {
    CommandLine root = from.root().commandLine();
    CommandLine update = root.getSubcommands().get("update");
    CommandLine updateCluster = update == null ? null : update.getSubcommands().get("cluster");
    if (updateCluster == null) {
      throw new CommandException("the cluster spec is stored, but this jkops cannot apply it yet: it has no"
          + " 'update cluster' command. Nothing was applied; run 'jkops update cluster " + cluster
          + " --yes' once it is available");
    }
    boolean takesState = updateCluster.getCommandSpec().findOption("--state") != null;
    String[] args = takesState
        ? new String[] {"cluster", cluster, "--yes", "--state", stateUri}
        : new String[] {"cluster", cluster, "--yes"};
    return update.execute(args);
  }
}
