package dev.jkops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jkops unlock}: clears a state lock left by a jkops that was killed. */
@Command(
    name = "unlock",
    description = "Clear a state lock left by a killed jkops.",
    subcommands = {UnlockClusterCommand.class})
final class UnlockCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "say what to unlock: " + String.join(", ", spec.subcommands().keySet()));
  }
}
