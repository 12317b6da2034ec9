package dev.jkops.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * Names an unknown option before a missing required one: picocli checks required options first, so
 * {@code create cluster c --zone a} said only "Missing required option: '--zones'", which hides the
 * typo that caused it. With an unknown option among the arguments the error is picocli's own
 * "Unknown option: '--zone'" with its "Possible solutions: --zones"; everything else goes to the
 * handler it wraps, unchanged.
 */
final class UnknownOptionFirst implements CommandLine.IParameterExceptionHandler {
  private final CommandLine.IParameterExceptionHandler next;

  UnknownOptionFirst(CommandLine.IParameterExceptionHandler next) {
    this.next = next;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args)
      throws Exception {
    if (ex instanceof CommandLine.MissingParameterException && ex.getCommandLine() != null) {
      List<String> unknown =
          ex.getCommandLine().getUnmatchedArguments().stream()
              .filter(a -> a.startsWith("-") && a.length() > 1)
              .toList();
      if (!unknown.isEmpty()) {
        return next.handleParseException(
            new CommandLine.UnmatchedArgumentException(
                ex.getCommandLine(), ex.getCommandLine().getUnmatchedArguments()),
            args);
      }
    }
    return next.handleParseException(ex, args);
  }
}
