package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.pods.LocalNodes;
import dev.jkops.cloud.local.pods.NodeNetwork;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.NetworkProviders;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code jkops get nodes [-o wide|yaml|json] --name CLUSTER}: the Kubernetes nodes of a local
 * cluster as they are on this machine. A node is Ready when its pod network is installed (a CNI
 * config in its conf dir), as a kubelet reports NotReady until one is.
 */
@Command(
    name = "nodes",
    aliases = {"node", "no"},
    description = "Show a local cluster's nodes.")
final class GetNodesCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Mixin OutputOption.WithWide output;

  @CommandLine.Parameters(
      arity = "0..1",
      paramLabel = "CLUSTER",
      description = ClusterNameOption.POSITIONAL)
  String clusterArg;

  @Override
  public Integer call() {
    boolean wide = output.wide();
    OutputFormat format = output.format();
    String name = clusterName.resolve(clusterArg);
    ClusterStore.Stored stored = store.open().require(name);
    LocalCloudRoot.require("get nodes");
    String plugin =
        NetworkProviders.forSpec(
                dev.jkops.cloud.local.provider.InstalledProvider.effective(
                    stored.cluster().spec().networking(), ClusterNames.of(name, store.env())))
            .mode();
    List<NodeNetwork> nodes =
        new LocalNodes(Kernel.system(), ClusterNames.of(name, store.env()))
            .list().stream().filter(n -> !n.role().equals("bastion")).toList();
    PrintWriter out = spec.commandLine().getOut();
    if (nodes.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "No nodes: cluster "
                  + name
                  + " has not been built on this machine;"
                  + " run 'jkops update cluster "
                  + name
                  + " --yes'");
      spec.commandLine().getErr().flush();
    }
    if (format != OutputFormat.TABLE) {
      out.print(KubeList.render(format, nodes.stream().map(n -> node(n, plugin)).toList()));
      out.flush();
      return 0;
    }
    Table t =
        wide
            ? new Table("NAME", "STATUS", "ROLES", "INTERNAL-IP", "POD-CIDR", "NETWORK-PLUGIN")
            : new Table("NAME", "STATUS", "ROLES");
    for (NodeNetwork n : nodes) {
      Map<String, String> r = row(n, plugin);
      if (wide) {
        t.row(
            r.get("name"),
            r.get("status"),
            r.get("roles"),
            r.get("internalIP"),
            r.get("podCIDR"),
            plugin);
      } else {
        t.row(r.get("name"), r.get("status"), r.get("roles"));
      }
    }
    t.print(out);
    return 0;
  }

  /** A v1 Node as kubectl prints one: role label, podCIDR, InternalIP address, Ready condition. */
  static Map<String, Object> node(NodeNetwork n, String plugin) {
    Map<String, String> r = row(n, plugin);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("apiVersion", "v1");
    d.put("kind", "Node");
    d.put(
        "metadata",
        Map.of(
            "name",
            r.get("name"),
            "labels",
            Map.of("node-role.kubernetes.io/" + r.get("roles"), ""),
            "annotations",
            Map.of("jkops.dev/network-plugin", plugin)));
    d.put(
        "spec",
        n.podRange()
            .map(c -> Map.<String, Object>of("podCIDR", c, "podCIDRs", List.of(c)))
            .orElse(Map.of()));
    d.put(
        "status",
        Map.of(
            "addresses",
            List.of(Map.of("type", "InternalIP", "address", n.address())),
            "conditions",
            List.of(Map.of("type", "Ready", "status", n.hasPodNetwork() ? "True" : "False"))));
    return d;
  }

  static Map<String, String> row(NodeNetwork n, String plugin) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("name", n.instance());
    r.put("status", n.hasPodNetwork() ? "Ready" : "NotReady");
    r.put("roles", n.role().equals("masters") ? "control-plane" : "node");
    r.put("internalIP", n.address());
    r.put("podCIDR", n.podRange().orElse("<none>"));
    r.put("networkPlugin", plugin);
    return r;
  }
}
