package dev.jkops.cli;

import dev.jkops.cloud.local.kernel.CommandResult;
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
 * {@code jkops exec POD -- CMD...}: runs CMD in the pod's network namespace (as {@code ip netns
 * exec} does), prints what it printed and exits with its exit code.
 */
@Command(name = "exec", description = "Run a command in a pod's network namespace: jkops exec POD -- CMD...")
final class ExecCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption cluster;

  @Parameters(index = "0", paramLabel = "POD", description = "Pod name.")
  String pod;

  @Parameters(index = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
  List<String> command = new ArrayList<>();

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", defaultValue = "default", description = "Kubernetes namespace.")
  String namespace;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60", description = "Kill CMD after this long.")
  int timeoutSeconds;

  @Override
  public Integer call() {
    if (command.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "say what to run: jkops exec " + pod + " -- CMD");
    }
    PodManager pods = LocalPods.open(store, cluster.resolve(null));
    CommandResult r = LocalPods.call(() -> pods.exec(namespace, pod, command, Duration.ofSeconds(timeoutSeconds)));
    spec.commandLine().getOut().print(r.stdout());
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().print(r.stderr());
    spec.commandLine().getErr().flush();
    return r.exitCode();
  }
}
