package dev.jkops.cli;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.StepMarks;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.Cloud;
import dev.jkops.cloud.picture.DotGraph;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.FirewallRule;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.NodeNetworkConfig;
import dev.jkops.model.PlanDocument;
import dev.jkops.model.PodRoute;
import dev.jkops.model.Role;
import dev.jkops.model.RouteQuota;
import dev.jkops.model.ipam.IpamStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops get networking NAME [-o table|yaml|json|dot]}: the cluster's network plan, as {@code
 * update cluster} would apply it. Reads the stored spec and pod range allocations and writes
 * nothing: nodes without a range yet are shown with the range they would get. {@code -o dot} draws
 * the network as a Graphviz graph ({@link Cloud#picture}): read from the machine when a local
 * cluster is up, else the plan, and the graph's title says which.
 */
@Command(
    name = "networking",
    aliases = {"network", "net"},
    description = GetNetworkingCommand.DESCRIPTION)
final class GetNetworkingCommand implements Callable<Integer> {
  static final String DESCRIPTION =
      "Show a cluster's network plan: ranges, routes, firewall rules, MTU, addons, node settings.";
  static final String NAME_DESCRIPTION =
      "The cluster (or --name, or $KOPS_CLUSTER_NAME; else the cluster of kubectl's current"
          + " context).";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = NAME_DESCRIPTION)
  String positional;

  @Mixin OutputOption.WithDot output;

  @Override
  public Integer call() {
    StepMarks.mark("command-started");
    String name = clusterName.resolve(positional);
    return show(
        store.open(),
        name,
        store.env(),
        output.dot(),
        output.format(),
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  /**
   * {@code jkops get networking NAME} without picocli, for the command lines users type ({@link
   * FastGet}: one name, at most one {@code -o table|yaml|json} and one {@code --state URI}); null,
   * having printed nothing, when picocli's path must run it ({@code --name}, {@code
   * $KOPS_CLUSTER_NAME}, {@code -o dot}, any error).
   */
  static Integer fast(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return FastGet.run(
        args,
        NAMES,
        1,
        1,
        env,
        out,
        err,
        (clusters, line, o, e) ->
            show(clusters, line.names().get(0).trim(), env, false, line.format(), o, e));
  }

  private static final java.util.Set<String> NAMES =
      java.util.Set.of("networking", "network", "net");

  /**
   * Prints cluster {@code name}'s network plan: a graph when {@code dot}, else in {@code format}.
   */
  static int show(
      ClusterStore clusters,
      String name,
      Map<String, String> env,
      boolean dot,
      OutputFormat format,
      PrintWriter out,
      PrintWriter err) {
    ClusterStore.Stored stored = clusters.require(name);
    StepMarks.mark("spec-read");
    // A plan the model refuses (full pod CIDR, quota, a mode that cannot work) is a ModelException,
    // which ErrorReporter prints as the user's error with exit 1.
    Cloud cloud = CloudCommands.cloud(clusters, stored, env);
    // a provider installed with apply -f on cni/external is what runs: describe it, as update plans
    // it
    ClusterBundle bundle = cloud.running(stored.bundle());
    ClusterBundle completed =
        new ClusterBundle(ClusterCompletion.complete(bundle), bundle.instanceGroups());
    StepMarks.mark("spec-completed");
    NetworkPlan plan =
        NetworkPlanner.plan(
            completed, new IpamStore(clusters.stateStore()).load(name), cloud.planningFacts());
    StepMarks.mark("planned");
    if (dot) {
      out.print(DotGraph.render(cloud.picture(completed, plan)));
    } else if (format == OutputFormat.TABLE) {
      printTables(out, plan, completed.cluster().spec().serviceClusterIPRange());
    } else {
      out.print(format.render(List.of(PlanDocument.of(plan))));
    }
    out.flush();
    StepMarks.mark("printed");
    Warnings.print(err, plan.warnings());
    return 0;
  }

  /**
   * The plan as tables; {@code serviceRange} is the completed spec's, which an IPv6 plan (no IPv4
   * ranges) prints in place of its own.
   */
  static void printTables(PrintWriter out, NetworkPlan p, String serviceRange) {
    RouteQuota q = p.routeQuota();
    Table summary =
        new Table("FIELD", "VALUE")
            .row("Cluster", p.clusterName())
            .row("Networking", p.mode())
            .row("Kubernetes", p.kubernetesVersion().toString())
            .row("Network CIDR", p.networkCIDR().toString())
            .row(
                "Pod CIDR",
                PlanDocument.ipv6(p)
                    ? "IPv6: an /80 per node from its subnet"
                    : p.podCIDR() + " (a /" + p.nodeCIDRMaskSize() + " per node)")
            .row(
                "Service CIDR",
                PlanDocument.ipv6(p)
                    ? String.valueOf(serviceRange)
                    : p.serviceClusterIPRange().toString())
            .row(
                "Non-masquerade CIDR",
                PlanDocument.ipv6(p) ? "::/0" : p.nonMasqueradeCIDR().toString())
            .row("MTU", p.mtu() + " (link " + p.linkMtu() + ")")
            .row("Data plane", dataPlane(PlanDocument.dataPlane(p.dataPlane())))
            .row("NetworkPolicy", p.enforcesNetworkPolicy() ? "enforced" : "not enforced")
            .row("Source/dest check", sourceDestCheck(p))
            .row(
                "IAM actions",
                p.iamActions().isEmpty() ? "none extra" : String.join(", ", p.iamActions()));
    summary.print(out);

    out.println();
    Table nodes = new Table("INSTANCE", "GROUP", "ROLE", "ZONE", "ADDRESS", "POD CIDR");
    for (Instance i : p.instances()) {
      nodes.row(
          i.name(),
          i.instanceGroup(),
          i.role().groupPrefix(),
          i.zone(),
          i.privateAddress(),
          p.podRange(i.name()).map(Object::toString).orElse("-"));
    }
    nodes.print(out);

    out.println();
    out.println(
        "ROUTES: "
            + (p.routes().isEmpty()
                ? "none (" + p.mode() + " needs no routes in the route table)"
                : q.used()
                    + " of quota "
                    + q.quota()
                    + " in use ("
                    + q.existing()
                    + " existing, "
                    + q.planned()
                    + " pod routes; "
                    + (q.existing() + q.atMaxSize())
                    + " at max size)"));
    if (!p.routes().isEmpty()) {
      Table routes = new Table("DESTINATION", "INSTANCE", "VIA");
      for (PodRoute r : p.routes()) {
        routes.row(r.destination().toString(), r.instance(), r.via());
      }
      routes.print(out);
    }

    out.println();
    Table rules = new Table("FIREWALL RULE", "TYPE", "PROTOCOL", "PORTS");
    for (FirewallRule r : p.firewallRules()) {
      rules.row(
          r.name(p.clusterName()),
          r.direction().name().toLowerCase(java.util.Locale.ROOT),
          r.isAllTraffic() ? "all" : r.protocol(),
          PlanDocument.ports(r));
    }
    rules.print(out);

    out.println();
    if (p.addons().isEmpty()) {
      out.println("ADDONS: none (" + p.mode() + " has no networking addon)");
    } else {
      Table addons = new Table("ADDON", "ID", "MANIFESTHASH");
      for (AddonManifest a : p.addons()) {
        addons.row(a.name(), a.id(), a.sha256());
      }
      addons.print(out);
    }

    out.println();
    Table control = new Table("COMPONENT", "SETTINGS");
    control.row(
        "kube-controller-manager", String.join(" ", p.controlPlane().controllerManagerArgs()));
    control.row(
        "kube-proxy",
        p.controlPlane().kubeProxyEnabled()
            ? (p.controlPlane().kubeProxyClusterCIDR() == null
                ? "no clusterCIDR (pods hold VPC addresses)"
                : "clusterCIDR=" + p.controlPlane().kubeProxyClusterCIDR())
            : "disabled");
    for (NodeNetworkConfig n : p.nodeConfigs()) {
      control.row("kubelet " + n.instance(), kubelet(n, isBastion(p, n.instance())));
    }
    control.print(out);
  }

  private static String sourceDestCheck(NetworkPlan p) {
    StringBuilder sb = new StringBuilder();
    // in the roles' order, walked rather than sorted: Map.Entry.comparingByKey()'s lambda is one
    // JDK 17's class-data archive cannot hold, generated on every start
    for (Role role : Role.values()) {
      Boolean on = p.sourceDestCheck().get(role);
      if (on != null) {
        sb.append(sb.length() == 0 ? "" : ", ")
            .append(role.groupPrefix())
            .append(on ? " on" : " off");
      }
    }
    return sb.toString();
  }

  /** By the instance's role: an IPv6 node has no IPv4 pod range either. */
  private static boolean isBastion(NetworkPlan p, String instance) {
    return p.instances().stream()
        .anyMatch(i -> i.name().equals(instance) && i.role() == Role.BASTION);
  }

  private static String kubelet(NodeNetworkConfig n, boolean bastion) {
    if (bastion) {
      return "no kubelet (bastion)";
    }
    StringBuilder sb = new StringBuilder(String.join(" ", n.kubeletArgs()));
    n.cniFiles()
        .forEach(f -> sb.append(sb.length() == 0 ? "" : " ").append("cni:").append(f.path()));
    n.providerCni()
        .ifPresent(
            f -> sb.append(sb.length() == 0 ? "" : " ").append("provider-cni:").append(f.path()));
    return sb.length() == 0 ? "cni (no config until a provider is installed)" : sb.toString();
  }

  private static String dataPlane(Map<String, Object> d) {
    StringBuilder sb = new StringBuilder(String.valueOf(d.get("type")));
    d.forEach(
        (k, v) -> {
          if (!k.equals("type") && !k.equals("reason")) {
            sb.append(' ').append(k).append('=').append(v);
          }
        });
    return sb.toString();
  }
}
