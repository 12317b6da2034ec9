package dev.jkops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jkops update}: parent of {@code update cluster}. */
@Command(name = "update", description = "Update a cluster's cloud resources.", subcommands = {UpdateClusterCommand.class})
final class UpdateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "say what to update: " + String.join(", ", spec.subcommands().keySet()));
  }
}
