package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.cloud.local.runtime.NodeLog;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jkops logs node NODE --name CLUSTER}: the node's log of pod network operations. */
@Command(
    name = "node",
    description =
        "Print a node's log of pod network operations (pod adds and deletes, with addresses).")
final class LogsNodeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(
      index = "0",
      paramLabel = "NODE",
      description = "The node (instance) name, as 'get nodes' lists it.")
  String node;

  @Override
  public Integer call() {
    String name = clusterName.resolve(null);
    ClusterStore.Stored stored = store.open().require(name);
    ClusterNames names = ClusterNames.of(stored.cluster().name(), store.env());
    if (!Files.isDirectory(names.nodeDir(node))) {
      throw new CommandException(
          "node \""
              + node
              + "\" of cluster "
              + name
              + " has no files on this machine"
              + " (looked in "
              + names.nodeDir(node)
              + "); list the nodes with 'jkops get nodes --name "
              + name
              + "'");
    }
    List<String> lines = NodeLog.of(names, node).lines();
    PrintWriter out = spec.commandLine().getOut();
    if (lines.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println("node " + node + " has logged no pod network operations yet");
      spec.commandLine().getErr().flush();
    }
    lines.forEach(out::println);
    out.flush();
    return 0;
  }
}
