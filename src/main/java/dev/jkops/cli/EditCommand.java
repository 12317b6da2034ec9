package dev.jkops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jkops edit}: open a stored spec in $EDITOR; the result is validated before it is stored.
 */
@Command(
    name = "edit",
    description = "Edit a cluster or instance group in your editor.",
    subcommands = {EditClusterCommand.class, EditInstanceGroupCommand.class})
final class EditCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "say what to edit: " + String.join(", ", spec.subcommands().keySet()));
  }
}
