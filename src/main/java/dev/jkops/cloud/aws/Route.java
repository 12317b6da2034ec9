package dev.jkops.cloud.aws;

import dev.jkops.api.Cidr;
import dev.jkops.tasks.ResourceId;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A route in one of the cluster's route tables: the default routes to the internet gateway (IPv4
 * and IPv6) or, in a private zone's table, to that zone's NAT gateway. Pod routes (kubenet) are not
 * resources here: kube-controller-manager adds them as nodes join; jkops checks the quota.
 *
 * @param name the route's name as kops gives it: its destination, prefixed with the private table's
 *     name ({@code private-us-test-1a-0.0.0.0/0}); Terraform calls it {@code route-<name>}
 */
public record Route(
    String name,
    ResourceId routeTable,
    String destination,
    Optional<Ref> internetGateway,
    Optional<Ref> natGateway,
    Optional<Ref> egressOnlyGateway)
    implements AwsResource {

  public static final String KIND = "Route";

  public Route {
    int targets =
        (internetGateway.isPresent() ? 1 : 0)
            + (natGateway.isPresent() ? 1 : 0)
            + (egressOnlyGateway.isPresent() ? 1 : 0);
    if (targets != 1) {
      throw new IllegalArgumentException(
          "route " + name + " needs exactly one of an internet, a NAT or an egress-only gateway");
    }
  }

  /** A route to an internet or a NAT gateway. */
  public Route(
      String name,
      ResourceId routeTable,
      String destination,
      Optional<Ref> internetGateway,
      Optional<Ref> natGateway) {
    this(name, routeTable, destination, internetGateway, natGateway, Optional.empty());
  }

  public boolean ipv6() {
    return Cidr.isIpv6(destination);
  }

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    Set<ResourceId> d = new HashSet<>(Refs.ids(internetGateway));
    d.addAll(Refs.ids(natGateway));
    d.addAll(Refs.ids(egressOnlyGateway));
    d.add(routeTable);
    return Set.copyOf(d);
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("RouteTable", "name:" + routeTable.name());
    a.put("CIDR", destination);
    internetGateway.ifPresent(g -> a.put("InternetGateway", g.display()));
    natGateway.ifPresent(g -> a.put("NatGateway", g.display()));
    egressOnlyGateway.ifPresent(g -> a.put("EgressOnlyInternetGateway", g.display()));
    return a;
  }
}
