package dev.jkops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jkops update}: the parent of {@code update cluster}. */
@Command(
    name = "update",
    description = UpdateCommand.DESCRIPTION,
    subcommands = {UpdateClusterCommand.class})
final class UpdateCommand implements Callable<Integer> {
  static final String DESCRIPTION = "Apply a cluster's spec to its cloud.";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "say what to update: cluster");
  }
}
