package dev.jkops.cli;

import dev.jkops.api.StepMarks;
import dev.jkops.cloud.local.pods.Pod;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code jkops get pods [-n NS|-A] [-o wide|yaml|json]}: kubectl's columns, every namespace unless
 * -n.
 */
@Command(
    name = "pods",
    aliases = {"pod", "po"},
    description = "Show the pods of a local cluster.")
final class GetPodsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption cluster;

  @Mixin OutputOption.WithWide output;

  @Mixin NamespaceOptions namespaces;

  @CommandLine.Parameters(
      arity = "0..1",
      paramLabel = "CLUSTER",
      description = "Cluster name (or --name).")
  String clusterArg;

  @Override
  public Integer call() {
    StepMarks.mark("command-started");
    boolean wide = output.wide();
    OutputFormat format = output.format();
    String namespace = namespaces.only();
    List<Pod> shown =
        LocalPods.listPods(store, cluster.resolve(clusterArg)).stream()
            .filter(p -> namespace == null || p.namespace().equals(namespace))
            .toList();
    StepMarks.mark("pods-listed");
    PrintWriter out = spec.commandLine().getOut();
    if (format != OutputFormat.TABLE) {
      out.print(KubeList.render(format, shown.stream().map(GetPodsCommand::document).toList()));
      out.flush();
      return 0;
    }
    if (shown.isEmpty()) {
      spec.commandLine().getErr().println(KubeList.noResources(namespace));
      spec.commandLine().getErr().flush();
      return 0;
    }
    Table t =
        wide
            ? new Table("NAMESPACE", "NAME", "READY", "STATUS", "AGE", "IP", "NODE")
            : new Table("NAMESPACE", "NAME", "READY", "STATUS", "AGE");
    for (Pod p : shown) {
      boolean running =
          LocalPods.call(
              () -> dev.jkops.cloud.local.kernel.Kernel.system().netns().exists(p.netns()));
      String status = running ? "Running" : "Unknown";
      String age = age(p.created());
      if (wide) {
        t.row(p.namespace(), p.name(), running ? "1/1" : "0/1", status, age, p.address(), p.node());
      } else {
        t.row(p.namespace(), p.name(), running ? "1/1" : "0/1", status, age);
      }
    }
    StepMarks.mark("table-made");
    t.print(out);
    out.flush();
    StepMarks.mark("table-printed");
    return 0;
  }

  static Map<String, Object> document(Pod p) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("apiVersion", "v1");
    d.put("kind", "Pod");
    d.put(
        "metadata",
        Map.of(
            "name",
            p.name(),
            "namespace",
            p.namespace(),
            "labels",
            p.labels(),
            "creationTimestamp",
            p.created()));
    d.put("spec", Map.of("nodeName", p.node()));
    d.put("status", Map.of("phase", "Running", "podIP", p.address()));
    return d;
  }

  static String age(String created) {
    Duration d = Duration.between(Instant.parse(created), Instant.now());
    if (d.toDays() > 0) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h";
    }
    return d.toMinutes() > 0 ? d.toMinutes() + "m" : Math.max(0, d.toSeconds()) + "s";
  }
}
