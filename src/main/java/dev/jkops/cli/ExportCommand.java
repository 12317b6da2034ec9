package dev.jkops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jkops export}: as kops' export verb. */
@Command(
    name = "export",
    description = "Export configuration (kubecfg: a kubectl context for a cluster).",
    subcommands = {ExportKubecfgCommand.class})
final class ExportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "say what to export: " + String.join(", ", spec.subcommands().keySet()));
  }
}
