package dev.jkops.cloud.local;

import dev.jkops.api.ClusterSubnet;
import dev.jkops.cloud.local.design.LocalDesign;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.pods.LocalNodes;
import dev.jkops.cloud.local.resources.LocalInstance;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.NodeBridge;
import dev.jkops.cloud.local.resources.NodePeers;
import dev.jkops.cloud.local.resources.NodeVxlan;
import dev.jkops.cloud.local.resources.RouteTable;
import dev.jkops.cloud.local.resources.Subnet;
import dev.jkops.cloud.local.resources.VpcRoute;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.cloud.picture.NetworkPicture;
import dev.jkops.cloud.picture.NetworkPicture.Link;
import dev.jkops.cloud.picture.NetworkPicture.Machine;
import dev.jkops.cloud.picture.NetworkPicture.Route;
import dev.jkops.cloud.picture.NetworkPicture.ToAddress;
import dev.jkops.cloud.picture.NetworkPicture.ToMachine;
import dev.jkops.model.NetworkPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The picture of a local cluster's network, drawn from the local cloud's resources: either those
 * read from the machine ({@link #live}: the VPC router's route tables and routes, the instances'
 * namespaces and addresses, their bridges, VXLAN devices and peer routes, exactly what {@code
 * validate cluster} probes) or those {@code update cluster --yes} would build from the plan ({@link
 * #planned}). Both go through one conversion, so a cluster that is up and converged draws the same
 * picture as its plan.
 */
public final class LocalNetworkPicture {
  private LocalNetworkPicture() {}

  /** True when the cluster's VPC exists on this machine. */
  public static boolean isUp(Kernel kernel, ClusterNames names) {
    return kernel.netns().exists(names.vpcNamespace());
  }

  /** Reads the running cluster from the machine (needs root). */
  public static NetworkPicture live(
      Kernel kernel,
      ClusterNames names,
      List<ClusterSubnet> subnets,
      String vpcCidr,
      String title) {
    return of(new LocalCloudTarget(kernel, names).owned(), subnets, vpcCidr, title);
  }

  /**
   * What {@code update cluster --yes} would build from {@code plan}; reads nothing from the
   * machine.
   */
  public static NetworkPicture planned(
      ClusterNames names, NetworkPlan plan, List<ClusterSubnet> subnets, String title) {
    return of(
        LocalDesign.of(names, plan, subnets).resources(),
        subnets,
        plan.networkCIDR().toString(),
        title);
  }

  static NetworkPicture of(
      List<LocalResource> resources,
      List<ClusterSubnet> specSubnets,
      String vpcCidr,
      String title) {
    Map<String, ClusterSubnet> spec = new HashMap<>();
    specSubnets.forEach(s -> spec.put(s.name(), s));
    List<LocalInstance> instances = new ArrayList<>();
    Map<String, String> instanceAt = new HashMap<>();
    Map<String, String> rangeOf = new HashMap<>();
    Map<String, List<String>> details = new HashMap<>();
    List<NetworkPicture.Subnet> subnets = new ArrayList<>();
    List<NetworkPicture.RouteTable> tables = new ArrayList<>();
    Map<String, List<Route>> routesOf = new HashMap<>();
    List<RouteTable> liveTables = new ArrayList<>();
    List<NodePeers> peers = new ArrayList<>();
    for (LocalResource r : resources) {
      if (r instanceof Subnet s) {
        ClusterSubnet declared = spec.get(s.name());
        subnets.add(
            new NetworkPicture.Subnet(
                s.name(),
                s.cidr(),
                declared == null ? "?" : declared.zone(),
                declared == null ? "?" : declared.type(),
                s.routerAddress().substring(0, s.routerAddress().indexOf('/'))));
      } else if (r instanceof LocalInstance i
          && i.hasAddress()) { // one half made by a killed run is not drawn
        instances.add(i);
        instanceAt.put(i.ip(), i.name());
      } else if (r instanceof NodeBridge b) {
        rangeOf.put(b.instance(), LocalNodes.networkOf(b.gateway()));
        details
            .computeIfAbsent(b.instance(), k -> new ArrayList<>())
            .add(0, "bridge " + b.bridge() + " " + b.gateway() + ", MTU " + b.mtu());
      } else if (r instanceof NodeVxlan v) {
        details
            .computeIfAbsent(v.instance(), k -> new ArrayList<>())
            .add(
                "vxlan "
                    + v.device()
                    + " VNI "
                    + v.vni()
                    + " UDP "
                    + v.port()
                    + ", MTU "
                    + v.mtu());
      } else if (r instanceof RouteTable t) {
        liveTables.add(t);
      } else if (r instanceof VpcRoute v) {
        routesOf
            .computeIfAbsent(v.table(), k -> new ArrayList<>())
            .add(
                new Route(
                    v.destination().toString(),
                    "unknown".equals(v.instance())
                        ? new ToAddress(v.nextHop())
                        : new ToMachine(v.instance())));
      } else if (r instanceof NodePeers p) {
        peers.add(p);
      }
    }
    List<Link> links = new ArrayList<>();
    for (NodePeers p : peers) {
      for (NodePeers.Peer peer : p.peers()) {
        String hop = peer.remote().orElse(peer.via());
        String to = instanceAt.getOrDefault(hop, "address " + hop);
        links.add(
            new Link(p.instance(), to, peer.remote().isPresent() ? "vxlan" : "route", peer.dev()));
        if (instanceAt.containsKey(hop)) {
          rangeOf.putIfAbsent(to, peer.range().toString());
        }
      }
    }
    for (RouteTable t : liveTables) {
      List<Route> routes = routesOf.getOrDefault(t.name(), List.of());
      routes.forEach(
          r -> {
            if (r.target() instanceof ToMachine m) {
              rangeOf.putIfAbsent(m.machine(), r.destination());
            }
          });
      tables.add(new NetworkPicture.RouteTable(t.name(), t.subnets(), routes));
    }
    List<Machine> machines = new ArrayList<>();
    for (LocalInstance i : instances) {
      machines.add(
          new Machine(
              i.name(),
              i.instanceGroup(),
              i.role(),
              i.subnet(),
              i.ip(),
              Optional.ofNullable(rangeOf.get(i.name())),
              details.getOrDefault(i.name(), List.of())));
    }
    return new NetworkPicture(title, vpcCidr, subnets, List.of(), tables, machines, links);
  }
}
