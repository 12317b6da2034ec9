package dev.jkops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jkops restore}: brings back an earlier version kept in the state store. */
@Command(
    name = "restore",
    description = "Restore an earlier version of a cluster's spec.",
    subcommands = {RestoreClusterCommand.class})
final class RestoreCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "say what to restore: " + String.join(", ", spec.subcommands().keySet()));
  }
}
