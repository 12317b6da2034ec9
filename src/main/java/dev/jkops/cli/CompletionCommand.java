package dev.jkops.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops completion bash}: a completion script; load it with {@code source <(jkops completion
 * bash)}.
 */
@Command(
    name = "completion",
    description = "Print a shell completion script: source <(jkops completion bash).")
final class CompletionCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SHELL",
      description = "bash (zsh users: autoload bashcompinit first).")
  String shell;

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "unsupported shell \""
              + shell
              + "\"; jkops completion supports bash (and zsh through bashcompinit)");
    }
    CommandLine root = spec.root().commandLine();
    spec.commandLine().getOut().print(AutoComplete.bash("jkops", root));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
