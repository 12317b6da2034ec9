package dev.jkops.cli;

import dev.jkops.cloud.local.pods.Pod;
import dev.jkops.cloud.local.pods.PodManager;
import dev.jkops.cloud.local.pods.PolicyStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops get namespaces}: every namespace the cluster knows: {@code default} and {@code
 * kube-system}, those applied as Namespace objects (with their labels, which namespace selectors
 * match), and those that have pods or policies.
 */
@Command(
    name = "namespaces",
    aliases = {"namespace", "ns"},
    description = "Show the namespaces of a local cluster.")
final class GetNamespacesCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption cluster;

  @Parameters(arity = "0..1", paramLabel = "CLUSTER", description = ClusterNameOption.POSITIONAL)
  String clusterArg;

  @Mixin OutputOption.Standard output;

  @Override
  public Integer call() {
    OutputFormat format = output.format();
    PodManager pods = LocalPods.open(store, cluster.resolve(clusterArg));
    Map<String, Map<String, String>> labels = new TreeMap<>();
    labels.put("default", Map.of());
    labels.put("kube-system", Map.of());
    LocalPods.call(
        () -> {
          PolicyStore policies = new PolicyStore(pods.cluster().runtimeDir());
          for (Pod p : pods.list()) {
            labels.putIfAbsent(p.namespace(), Map.of());
          }
          policies
              .policyDocuments()
              .keySet()
              .forEach(p -> labels.putIfAbsent(p.namespace(), Map.of()));
          labels.putAll(policies.namespaceLabels());
          return null;
        });
    PrintWriter out = spec.commandLine().getOut();
    if (format != OutputFormat.TABLE) {
      List<Map<String, Object>> items = new ArrayList<>();
      labels.forEach(
          (ns, l) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("apiVersion", "v1");
            d.put("kind", "Namespace");
            d.put("metadata", Map.of("name", ns, "labels", l));
            d.put("status", Map.of("phase", "Active"));
            items.add(d);
          });
      out.print(KubeList.render(format, items));
      out.flush();
      return 0;
    }
    Table t = new Table("NAME", "STATUS", "LABELS");
    labels.forEach(
        (ns, l) ->
            t.row(
                ns,
                "Active",
                l.isEmpty()
                    ? "<none>"
                    : String.join(
                        ",",
                        l.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())));
    t.print(out);
    return 0;
  }
}
