package dev.jkops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jkops validate}. */
@Command(
    name = "validate",
    description = "Validate a cluster.",
    subcommands = {ValidateClusterCommand.class})
final class ValidateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "say what to validate: " + String.join(", ", spec.subcommands().keySet()));
  }
}
