package dev.jkops.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops help [VERB [SUBCOMMAND...]]}: the usage of any command, as {@code kops help VERB}
 * and {@code VERB --help} print it. Its own class rather than picocli's {@code HelpCommand}, which
 * finds only a verb, not {@code help create cluster}.
 */
@Command(
    name = "help",
    helpCommand = true,
    description = "Show the usage of a command, e.g. 'jkops help create cluster'.")
final class HelpCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "COMMAND",
      arity = "0..*",
      description = "The command, e.g. create cluster.")
  List<String> words = new ArrayList<>();

  @Override
  public Integer call() {
    CommandLine command = spec.root().commandLine();
    List<String> path = new ArrayList<>();
    for (String word : words) {
      path.add(word);
      CommandLine next = command.getSubcommands().get(word);
      if (next == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "unknown command 'jkops "
                + String.join(" ", path)
                + "'; "
                + (command == spec.root().commandLine()
                    ? "'jkops --help'"
                    : "'jkops " + String.join(" ", path.subList(0, path.size() - 1)) + " --help'")
                + " lists the commands");
      }
      command = next;
    }
    command.usage(spec.commandLine().getOut());
    return 0;
  }
}
