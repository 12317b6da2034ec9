package dev.jkops.cli;

import dev.jkops.cloud.local.pods.PodManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops exec [-i] POD -- CMD...}: runs CMD in the pod's network namespace (as {@code ip
 * netns exec} does), passes on its output as it comes (and, with {@code -i}, jkops' input to it, as
 * {@code kubectl exec -i}), stops it and everything it started when jkops is stopped, and exits
 * with its exit code.
 */
@Command(
    name = "exec",
    description = "Run a command in a pod's network namespace: jkops exec POD -- CMD...")
final class ExecCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption cluster;

  @Parameters(index = "0", paramLabel = "POD", description = "Pod name.")
  String pod;

  @Parameters(
      index = "1..*",
      paramLabel = "CMD",
      description = "The command and its arguments (after --).")
  List<String> command = new ArrayList<>();

  @Mixin ObjectNamespaceOption namespace;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Stop CMD after this long (0: no limit). Default: 60.")
  int timeoutSeconds;

  @Option(
      names = {"-i", "--stdin"},
      description = "Pass jkops' standard input to CMD (else CMD reads end-of-file).")
  boolean stdin;

  @Override
  public Integer call() {
    if (command.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "say what to run: jkops exec " + pod + " -- CMD");
    }
    if (timeoutSeconds < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--timeout " + timeoutSeconds + " is negative; give seconds, or 0 for no limit");
    }
    PodManager pods = LocalPods.open(store, cluster.resolve(null));
    return LocalPods.call(
        () ->
            pods.execStreaming(
                namespace.name,
                pod,
                command,
                Duration.ofSeconds(timeoutSeconds),
                stdin ? System.in : null,
                spec.commandLine().getOut(),
                spec.commandLine().getErr()));
  }
}
