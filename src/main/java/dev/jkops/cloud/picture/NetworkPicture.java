package dev.jkops.cloud.picture;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a picture of a cluster's network shows, whichever cloud it came from and whether it was read
 * from the machine or taken from the plan: the VPC, its subnets and gateways, the route tables and
 * their routes, the instances with their addresses and pod ranges, and how pod traffic goes from
 * node to node (overlay peers or routes). {@link DotGraph} draws it; the lists are kept sorted so
 * the same network always gives the same picture.
 *
 * @param title one line saying which cluster, which mode, and where the picture came from
 * @param vpcCidr the VPC's CIDR
 * @param subnets by name
 * @param gateways internet and NAT gateways (none on the local cloud: its VPC has no way out)
 * @param routeTables by name
 * @param machines the instances, by name
 * @param links node-to-node pod paths (VXLAN peers, direct routes), by ends
 */
public record NetworkPicture(
    String title,
    String vpcCidr,
    List<Subnet> subnets,
    List<Gateway> gateways,
    List<RouteTable> routeTables,
    List<Machine> machines,
    List<Link> links) {

  /**
   * A subnet: its name, CIDR, zone, type (Public, Private, Utility) and the VPC router's address in
   * it.
   */
  public record Subnet(String name, String cidr, String zone, String type, String router) {}

  /**
   * An internet or NAT gateway; {@code subnet} is where it sits (a NAT gateway's utility subnet).
   */
  public record Gateway(String id, String label, Optional<String> subnet) {}

  /** A route table, the subnets associated with it, and its routes. */
  public record RouteTable(String name, List<String> subnets, List<Route> routes) {
    public RouteTable {
      subnets = subnets.stream().sorted().toList();
      routes = routes.stream().sorted(BY_DESTINATION.thenComparing(Route::targetKey)).toList();
    }

    /**
     * IPv4 destinations by address (100.96.2.0/24 before 100.96.10.0/24), then IPv6 ones by text.
     */
    static final Comparator<Route> BY_DESTINATION =
        (a, b) -> {
          boolean a6 = dev.jkops.api.Cidr.isIpv6(a.destination());
          boolean b6 = dev.jkops.api.Cidr.isIpv6(b.destination());
          if (a6 || b6) {
            return a6 && b6 ? a.destination().compareTo(b.destination()) : a6 ? 1 : -1;
          }
          return dev.jkops.api.Cidr.parse(a.destination())
              .compareTo(dev.jkops.api.Cidr.parse(b.destination()));
        };
  }

  /**
   * One route: {@code destination} to {@code target}, which is a machine's name, a gateway's id, or
   * (for a route whose next hop is no instance jkops knows) the next hop's address.
   */
  public record Route(String destination, Target target) {
    public String targetKey() {
      return target.key();
    }
  }

  /** Where a route goes. */
  public sealed interface Target {
    String key();
  }

  public record ToMachine(String machine) implements Target {
    @Override
    public String key() {
      return "instance " + machine;
    }
  }

  public record ToGateway(String gateway) implements Target {
    @Override
    public String key() {
      return "gateway " + gateway;
    }
  }

  /** A next hop that is no instance: the route leads nowhere jkops knows (a black hole). */
  public record ToAddress(String address) implements Target {
    @Override
    public String key() {
      return "address " + address;
    }
  }

  /**
   * An instance.
   *
   * @param role masters, nodes or bastion
   * @param podRange its pod range (none for bastions, or when nothing on the machine shows it)
   * @param details extra lines: its bridge, VXLAN device and the like
   */
  public record Machine(
      String name,
      String group,
      String role,
      String subnet,
      String address,
      Optional<String> podRange,
      List<String> details) {
    public Machine {
      details = List.copyOf(details);
    }
  }

  /**
   * A pod path from one node to another: {@code kind} is {@code vxlan} (an overlay peer), {@code
   * route} (a direct route to the peer's range), or another encapsulation's name; {@code label}
   * says on which device.
   */
  public record Link(String from, String to, String kind, String label) {}

  public NetworkPicture {
    subnets = subnets.stream().sorted(Comparator.comparing(Subnet::name)).toList();
    gateways = gateways.stream().sorted(Comparator.comparing(Gateway::id)).toList();
    routeTables = routeTables.stream().sorted(Comparator.comparing(RouteTable::name)).toList();
    machines = machines.stream().sorted(Comparator.comparing(Machine::name)).toList();
    links =
        links.stream()
            .distinct()
            .sorted(
                Comparator.comparing(Link::from)
                    .thenComparing(Link::to)
                    .thenComparing(Link::kind)
                    .thenComparing(Link::label))
            .toList();
  }
}
