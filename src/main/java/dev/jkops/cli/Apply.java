package dev.jkops.cli;

import picocli.CommandLine;

/**
 * {@code --yes} on create: applies through the {@code update cluster} command, exactly as if the user
 * had typed {@code jkops update cluster NAME --yes}. {@link Main#main} builds only the verb being run,
 * so the {@code update} verb is added to the tree here when it is not there yet.
 */
final class Apply {
  private Apply() {}

  static int run(CommandLine.Model.CommandSpec from, String cluster, String stateUri) {
    CommandLine root = from.root().commandLine();
    CommandLine update = root.getSubcommands().get("update");
    if (update == null) {
      update = Main.addVerb(root, UpdateCommand.class);
    }
    return update.execute("cluster", cluster, "--yes", "--state", stateUri);
  }
}
