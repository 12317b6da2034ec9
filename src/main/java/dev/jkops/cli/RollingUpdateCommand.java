package dev.jkops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jkops rolling-update}: the parent of {@code rolling-update cluster}. */
@Command(
    name = "rolling-update",
    description = "Replace instances whose configuration is out of date.",
    subcommands = {RollingUpdateClusterCommand.class})
final class RollingUpdateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "say what to roll: cluster");
  }
}
