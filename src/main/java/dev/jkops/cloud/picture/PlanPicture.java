package dev.jkops.cloud.picture;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterSpec;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.cloud.picture.NetworkPicture.Gateway;
import dev.jkops.cloud.picture.NetworkPicture.Link;
import dev.jkops.cloud.picture.NetworkPicture.Machine;
import dev.jkops.cloud.picture.NetworkPicture.Route;
import dev.jkops.cloud.picture.NetworkPicture.RouteTable;
import dev.jkops.cloud.picture.NetworkPicture.Subnet;
import dev.jkops.cloud.picture.NetworkPicture.ToGateway;
import dev.jkops.cloud.picture.NetworkPicture.ToMachine;
import dev.jkops.model.DataPlane;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.PodRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The picture of a cluster's network as planned, from the model's {@link NetworkPlan} and the
 * spec's subnets: what {@code update cluster --yes} would build on AWS (the public route table with
 * the internet gateway and, for kubenet and classic, the pod routes kube-controller-manager adds;
 * one table per private zone with its NAT gateway) and the data plane between nodes.
 */
public final class PlanPicture {
  private PlanPicture() {}

  /**
   * @param spec the completed spec (its subnets, and networkID: a VPC kops creates gets an IPv6
   *     block, so its public table also routes ::/0 to the internet gateway)
   * @param aws true for AWS (internet and NAT gateways); false for a cloud whose VPC has no way out
   *     (the local cloud), where every route table carries the pod routes
   */
  public static NetworkPicture of(NetworkPlan plan, ClusterSpec spec, boolean aws, String title) {
    List<ClusterSubnet> subnets = spec.subnetsOrEmpty();
    List<Subnet> boxes =
        subnets.stream()
            .map(
                s ->
                    s.cidr() == null // an IPv6-only subnet: its block is all it has
                        ? new Subnet(s.name(), s.ipv6CIDR(), s.zone(), s.type(), "::1 of it")
                        : new Subnet(
                            s.name(),
                            s.cidr(),
                            s.zone(),
                            s.type(),
                            Cidr.parse(s.cidr()).addressString(1)))
            .toList();
    List<Gateway> gateways = new ArrayList<>();
    List<RouteTable> tables = new ArrayList<>();
    List<Route> podRoutes = new ArrayList<>();
    for (PodRoute r : plan.routes()) {
      podRoutes.add(new Route(r.destination().toString(), new ToMachine(r.instance())));
    }
    List<Route> hostRoutesAcrossSubnets = romanaVpcRoutes(plan);
    List<String> publicSubnets =
        subnets.stream()
            .filter(s -> !ClusterSubnet.PRIVATE.equals(s.type()))
            .map(ClusterSubnet::name)
            .toList();
    Map<String, List<ClusterSubnet>> privateByZone = new LinkedHashMap<>();
    subnets.stream()
        .filter(s -> ClusterSubnet.PRIVATE.equals(s.type()))
        .forEach(
            s ->
                privateByZone
                    .computeIfAbsent(s.zone() == null ? s.name() : s.zone(), z -> new ArrayList<>())
                    .add(s));
    if (!publicSubnets.isEmpty()) {
      List<Route> routes = new ArrayList<>(podRoutes);
      routes.addAll(hostRoutesAcrossSubnets);
      if (aws) {
        gateways.add(new Gateway("igw", "internet gateway", Optional.empty()));
        routes.add(new Route("0.0.0.0/0", new ToGateway("igw")));
        if (spec.networkID() == null || spec.networkID().isBlank()) {
          routes.add(new Route("::/0", new ToGateway("igw")));
        }
      }
      tables.add(new RouteTable(plan.clusterName(), publicSubnets, routes));
    }
    for (Map.Entry<String, List<ClusterSubnet>> zone : privateByZone.entrySet()) {
      List<Route> routes = new ArrayList<>(hostRoutesAcrossSubnets);
      if (aws) {
        egress(zone.getKey(), zone.getValue(), subnets)
            .ifPresent(
                g -> {
                  gateways.add(g);
                  routes.add(new Route("0.0.0.0/0", new ToGateway(g.id())));
                });
      } else {
        routes.addAll(podRoutes);
      }
      tables.add(
          new RouteTable(
              "private-" + zone.getKey() + "." + plan.clusterName(),
              zone.getValue().stream().map(ClusterSubnet::name).toList(),
              routes));
    }
    List<Machine> machines = new ArrayList<>();
    for (Instance i : plan.instances()) {
      Optional<Cidr> range = plan.podRange(i.name());
      machines.add(
          new Machine(
              i.name(),
              i.instanceGroup(),
              i.role().groupPrefix(),
              i.subnet(),
              i.privateAddress(),
              range.map(Cidr::toString),
              range.isPresent() ? details(plan.dataPlane()) : List.of()));
    }
    return new NetworkPicture(
        title, plan.networkCIDR().toString(), boxes, gateways, tables, machines, links(plan));
  }

  /**
   * A private zone's NAT gateway: its own in the zone's utility subnet, an existing one, or none
   * (External).
   */
  private static Optional<Gateway> egress(
      String zone, List<ClusterSubnet> inZone, List<ClusterSubnet> all) {
    String egress =
        inZone.stream().map(ClusterSubnet::egress).filter(e -> e != null).findFirst().orElse(null);
    if ("External".equals(egress)) {
      return Optional.empty();
    }
    if (egress != null) {
      return Optional.of(
          new Gateway(egress, "NAT gateway " + egress + " (existing)", Optional.empty()));
    }
    Optional<String> utility =
        all.stream()
            .filter(s -> zone.equals(s.zone()) && ClusterSubnet.UTILITY.equals(s.type()))
            .map(ClusterSubnet::name)
            .findFirst()
            .or(
                () ->
                    all.stream()
                        .filter(s -> zone.equals(s.zone()) && ClusterSubnet.PUBLIC.equals(s.type()))
                        .map(ClusterSubnet::name)
                        .findFirst());
    return Optional.of(new Gateway("nat-" + zone, "NAT gateway " + zone, utility));
  }

  /**
   * romana across subnets: each node's range in the VPC route tables, as romana's VPC router adds
   * them.
   */
  private static List<Route> romanaVpcRoutes(NetworkPlan plan) {
    if (!(plan.dataPlane() instanceof DataPlane.HostRoutes)) {
      return List.of();
    }
    List<Instance> nodes = nodes(plan);
    if (nodes.stream().map(Instance::subnet).distinct().count() < 2) {
      return List.of();
    }
    return nodes.stream()
        .map(
            n ->
                new Route(
                    plan.podRange(n.name()).orElseThrow().toString(), new ToMachine(n.name())))
        .toList();
  }

  private static List<Instance> nodes(NetworkPlan plan) {
    return plan.instances().stream().filter(i -> plan.podRange(i.name()).isPresent()).toList();
  }

  private static List<String> details(DataPlane dp) {
    if (dp instanceof DataPlane.VpcRoutes v) {
      return List.of("bridge " + v.bridge() + ", MTU " + v.mtu());
    } else if (dp instanceof DataPlane.Vxlan v) {
      return List.of(
          "vxlan " + v.device() + " VNI " + v.vni() + " UDP " + v.udpPort() + ", MTU " + v.mtu());
    } else if (dp instanceof DataPlane.FlannelUdp u) {
      return List.of("tun " + u.device() + " UDP " + u.udpPort() + ", MTU " + u.mtu());
    } else if (dp instanceof DataPlane.CalicoRouted c) {
      return List.of(
          "calico BGP TCP 179, "
              + c.crossSubnetEncapsulation()
              + " across subnets, MTU "
              + c.mtu());
    } else if (dp instanceof DataPlane.HostRoutes h) {
      return List.of("host routes, MTU " + h.mtu());
    }
    return List.of("no pod network until a provider is installed");
  }

  /** Pod paths between nodes: every pair for an overlay, pairs in a subnet for routed providers. */
  private static List<Link> links(NetworkPlan plan) {
    List<Link> out = new ArrayList<>();
    DataPlane dp = plan.dataPlane();
    List<Instance> nodes = nodes(plan);
    for (Instance a : nodes) {
      for (Instance b : nodes) {
        if (a == b) {
          continue;
        }
        boolean sameSubnet = a.subnet().equals(b.subnet());
        if (dp instanceof DataPlane.Vxlan v) {
          out.add(new Link(a.name(), b.name(), "vxlan", v.device()));
        } else if (dp instanceof DataPlane.FlannelUdp u) {
          out.add(new Link(a.name(), b.name(), "udp", u.device()));
        } else if (dp instanceof DataPlane.CalicoRouted c) {
          String enc = c.crossSubnetEncapsulation();
          out.add(
              sameSubnet
                  ? new Link(a.name(), b.name(), "route", "eth0")
                  : new Link(
                      a.name(), b.name(), enc, "ipip".equals(enc) ? "tunl0" : "vxlan.calico"));
        } else if (dp instanceof DataPlane.HostRoutes && sameSubnet) {
          out.add(new Link(a.name(), b.name(), "route", "eth0"));
        }
      }
    }
    return out;
  }
}
