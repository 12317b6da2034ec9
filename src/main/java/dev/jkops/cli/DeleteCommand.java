package dev.jkops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jkops delete}. */
@Command(name = "delete", description = "Delete a cluster.", subcommands = {DeleteClusterCommand.class, DeletePodCommand.class})
final class DeleteCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "say what to delete: " + String.join(", ", spec.subcommands().keySet()));
  }
}
