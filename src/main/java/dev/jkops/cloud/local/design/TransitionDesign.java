package dev.jkops.cloud.local.design;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.FirewallRule;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.PodRoute;
import dev.jkops.model.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster while a networking switch is rolled out: each node keeps the data plane and CNI
 * config it was built with until rolling-update replaces it, and nodes of one configuration peer
 * only with each other. Between the configurations the VPC carries the traffic: every node's pod
 * range is routed by the route tables and the source/dest check is off, so a pod on an old node
 * reaches a pod on a new one through the VPC router, as kubenet's routes do. When the route table
 * cannot hold a route per node, each configuration keeps only its own routes and pods on old and
 * new nodes cannot reach each other until the roll ends. Security groups hold the rules of every
 * configuration still running.
 */
public final class TransitionDesign {

  /** How the switch treats traffic between old and new nodes while they are rolled. */
  public enum Kind {
    KEEPS_TRAFFIC("keeps traffic"),
    DISRUPTIVE("disruptive");

    private final String words;

    Kind(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  private TransitionDesign() {}

  /**
   * Whether a switch between these plans keeps traffic flowing: the VPC must hold a route per node.
   */
  public static Kind kind(NetworkPlan current) {
    return bridgeRoutes(current).size() + current.routeQuota().existing()
            <= current.routeQuota().quota()
        ? Kind.KEEPS_TRAFFIC
        : Kind.DISRUPTIVE;
  }

  /** The sentence the preview prints for this kind of switch. */
  public static String explain(Kind kind, NetworkPlan current) {
    return kind == Kind.KEEPS_TRAFFIC
        ? "keeps traffic: every node's pod range stays routed by the VPC route tables ("
            + bridgeRoutes(current).size()
            + " of "
            + current.routeQuota().quota()
            + " routes) and the source/dest check stays off until the last"
            + " node has moved, so pods on old and new nodes reach each other during the roll"
        : "disruptive: pods on old and new nodes cannot reach each other until the roll ends (the route table's quota"
            + " of "
            + current.routeQuota().quota()
            + " cannot hold a route for each of "
            + bridgeRoutes(current).size()
            + " nodes)";
  }

  static LocalDesign.Result of(
      ClusterNames names, NodeGenerations generations, List<ClusterSubnet> subnets) {
    if (Ipv6Design.applies(generations.current())) {
      return ipv6(names, generations, subnets);
    }
    NetworkPlan current = generations.current();
    Map<NetworkPlan, List<dev.jkops.model.Instance>> groups = generations.groups();
    Kind kind = kind(current);
    List<LocalResource> nodes = new ArrayList<>();
    Map<Cidr, PodRoute> vpcRoutes = new LinkedHashMap<>();
    LinkedHashSet<FirewallRule> rules = new LinkedHashSet<>(current.firewallRules());
    List<String> notes = new ArrayList<>();
    // an instance holds the secondary addresses of the configuration it runs (amazonvpc's block),
    // not those the current one would give it
    Map<String, List<String>> secondaries = new LinkedHashMap<>();
    for (Map.Entry<NetworkPlan, List<dev.jkops.model.Instance>> g : groups.entrySet()) {
      g.getValue()
          .forEach(i -> secondaries.put(i.name(), VpcDesign.secondaryRanges(g.getKey(), i)));
      NetworkPlan members = restrict(g.getKey(), g.getValue());
      DataPlaneDesign.Result dp = DataPlaneDesign.design(names, members);
      nodes.addAll(NodeDesign.resources(names, members));
      nodes.addAll(dp.resources());
      dp.vpcRoutes().forEach(r -> vpcRoutes.putIfAbsent(r.destination(), r));
      rules.addAll(g.getKey().firewallRules());
      notes.add(groupNote(g.getKey(), current, g.getValue()));
    }
    if (kind == Kind.KEEPS_TRAFFIC) {
      bridgeRoutes(current).forEach(r -> vpcRoutes.putIfAbsent(r.destination(), r));
      // a node still running another configuration keeps its own range routed: a switch to or
      // from amazonvpc gives every node a new range (a block of its subnet, or one of the pod CIDR)
      for (Map.Entry<NetworkPlan, List<dev.jkops.model.Instance>> g : groups.entrySet()) {
        for (dev.jkops.model.Instance i : g.getValue()) {
          g.getKey()
              .podRange(i.name())
              .ifPresent(
                  r -> vpcRoutes.putIfAbsent(r, new PodRoute(r, i.name(), i.privateAddress())));
        }
      }
    }
    notes.add(explain(kind, current));
    Map<Role, Boolean> checks = new LinkedHashMap<>(current.sourceDestCheck());
    if (kind == Kind.KEEPS_TRAFFIC) {
      checks.replaceAll((role, on) -> false);
    }
    NetworkPlan cluster =
        with(
            current,
            current.instances(),
            List.copyOf(vpcRoutes.values()),
            List.copyOf(rules),
            checks);
    List<LocalResource> out = new ArrayList<>();
    for (LocalResource r : VpcDesign.resources(names, cluster, subnets, cluster.routes())) {
      out.add(
          r instanceof dev.jkops.cloud.local.resources.LocalInstance i
                  && secondaries.containsKey(i.name())
              ? withSecondaries(i, secondaries.get(i.name()))
              : r);
    }
    // a node still running another configuration sends from that configuration's pod range: its
    // security groups count it as the node's, as they count the current one
    Map<String, List<String>> runningRanges = new LinkedHashMap<>();
    for (Map.Entry<NetworkPlan, List<dev.jkops.model.Instance>> g : groups.entrySet()) {
      for (dev.jkops.model.Instance i : g.getValue()) {
        g.getKey()
            .podRange(i.name())
            .ifPresent(r -> runningRanges.put(i.name(), List.of(r.toString())));
      }
    }
    out.addAll(FirewallDesign.resources(names, cluster, runningRanges));
    out.addAll(nodes);
    return new LocalDesign.Result(List.copyOf(out), notes);
  }

  /**
   * An IPv6 cluster while a change is rolled out. The VPC routes every node's /80 to the node
   * whatever it runs (every IPv6 provider is routed with no encapsulation), so old and new nodes
   * reach each other with no bridging routes; each node keeps the IPv6 CNI config (its MTU, its
   * provider's file) and the IPv6 source/dest check of the configuration it runs, and the security
   * groups hold the rules of every configuration still running.
   */
  private static LocalDesign.Result ipv6(
      ClusterNames names, NodeGenerations generations, List<ClusterSubnet> subnets) {
    NetworkPlan current = generations.current();
    LinkedHashSet<FirewallRule> rules = new LinkedHashSet<>(current.firewallRules());
    Map<dev.jkops.tasks.ResourceId, LocalResource> nodes = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (Map.Entry<NetworkPlan, List<dev.jkops.model.Instance>> g :
        generations.groups().entrySet()) {
      NetworkPlan members = restrict(g.getKey(), g.getValue());
      // every group designs the subnets' router addresses alike: the first one's are kept
      Ipv6Design.resources(names, members, subnets).forEach(r -> nodes.putIfAbsent(r.id(), r));
      SourceDestCheckDesign.ipv6(names, members).forEach(r -> nodes.putIfAbsent(r.id(), r));
      rules.addAll(g.getKey().firewallRules());
      notes.add(groupNote(g.getKey(), current, g.getValue()));
    }
    notes.add(
        "keeps traffic: the VPC routes every node's IPv6 /80 whatever the node runs, so pods on"
            + " old and new nodes reach each other during the roll");
    NetworkPlan cluster =
        with(
            current,
            current.instances(),
            current.routes(),
            List.copyOf(rules),
            current.sourceDestCheck());
    List<LocalResource> out =
        new ArrayList<>(VpcDesign.resources(names, cluster, subnets, cluster.routes()));
    out.addAll(FirewallDesign.resources(names, cluster));
    out.addAll(nodes.values());
    return new LocalDesign.Result(List.copyOf(out), notes);
  }

  private static String groupNote(
      NetworkPlan plan, NetworkPlan current, List<dev.jkops.model.Instance> instances) {
    return "transition: "
        + instances.size()
        + " instance(s) run "
        + plan.mode()
        + (plan == current ? " (current)" : " until rolling-update replaces them")
        + ": "
        + String.join(", ", instances.stream().map(dev.jkops.model.Instance::name).toList());
  }

  private static dev.jkops.cloud.local.resources.LocalInstance withSecondaries(
      dev.jkops.cloud.local.resources.LocalInstance i, List<String> secondaryRanges) {
    return new dev.jkops.cloud.local.resources.LocalInstance(
        i.names(),
        i.name(),
        i.instanceGroup(),
        i.role(),
        i.subnet(),
        i.address(),
        i.router(),
        i.vpcRanges(),
        i.mtu(),
        i.sourceDestCheck(),
        secondaryRanges);
  }

  /** A route to every node's pod range through the node: what keeps old and new nodes in touch. */
  static List<PodRoute> bridgeRoutes(NetworkPlan plan) {
    List<PodRoute> out = new ArrayList<>();
    for (dev.jkops.model.Instance i : plan.instances()) {
      Optional<Cidr> range = plan.podRange(i.name());
      range.ifPresent(r -> out.add(new PodRoute(r, i.name(), i.privateAddress())));
    }
    return out;
  }

  /** The plan as seen by one group of instances: only they are peers, and only their routes. */
  static NetworkPlan restrict(NetworkPlan p, List<dev.jkops.model.Instance> members) {
    java.util.Set<String> names =
        members.stream()
            .map(dev.jkops.model.Instance::name)
            .collect(java.util.stream.Collectors.toSet());
    return with(
        p,
        members,
        p.routes().stream().filter(r -> names.contains(r.instance())).toList(),
        p.firewallRules(),
        p.sourceDestCheck());
  }

  static NetworkPlan with(
      NetworkPlan p,
      List<dev.jkops.model.Instance> instances,
      List<PodRoute> routes,
      List<FirewallRule> rules,
      Map<Role, Boolean> sourceDestCheck) {
    return new NetworkPlan(
        p.clusterName(),
        p.mode(),
        p.kubernetesVersion(),
        p.networkCIDR(),
        p.nonMasqueradeCIDR(),
        p.podCIDR(),
        p.serviceClusterIPRange(),
        p.nodeCIDRMaskSize(),
        instances,
        p.ipam(),
        routes,
        p.routeQuota(),
        rules,
        p.linkMtu(),
        p.mtu(),
        sourceDestCheck,
        p.iamActions(),
        p.controlPlane(),
        p.nodeConfigs(),
        p.addons(),
        p.enforcesNetworkPolicy(),
        p.dataPlane(),
        p.warnings());
  }
}
