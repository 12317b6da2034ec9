package dev.jkops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jkops logs}: the parent of {@code logs node}. */
@Command(
    name = "logs",
    description = "Show logs of a local cluster.",
    subcommands = {LogsNodeCommand.class})
final class LogsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "say whose logs: node NAME");
  }
}
