package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** Finds, creates and deletes route tables, their subnet associations and their routes. */
final class Ec2Routing {
  private final AwsContext c;

  Ec2Routing(AwsContext c) {
    this.c = c;
  }

  private Optional<software.amazon.awssdk.services.ec2.model.RouteTable> table(ResourceId id) {
    return c.ids()
        .awsId(id)
        .flatMap(
            awsId ->
                c
                    .retry()
                    .call(
                        "reading route table " + id.name(),
                        () -> c.ec2().describeRouteTables(r -> r.routeTableIds(awsId)))
                    .routeTables()
                    .stream()
                    .findFirst());
  }

  Optional<AwsResource> findTable(RouteTable d) {
    var all =
        c.retry()
            .call(
                "finding route table " + d.name(),
                () ->
                    c.ec2()
                        .describeRouteTables(r -> r.filters(Ec2Tags.named(c.cluster(), d.name()))))
            .routeTables();
    return all.stream()
        .findFirst()
        .map(
            t -> {
              c.ids().put(d.id(), t.routeTableId());
              return table(t, d.tags().keySet());
            });
  }

  RouteTable table(software.amazon.awssdk.services.ec2.model.RouteTable t, Set<String> keys) {
    return new RouteTable(
        Ec2Tags.get(t.tags(), Tags.NAME), c.ids().ref(t.vpcId()), Ec2Tags.map(t.tags(), keys));
  }

  void createTable(RouteTable d) {
    String id =
        c.retry()
            .call(
                "creating route table " + d.name(),
                () ->
                    c.ec2()
                        .createRouteTable(
                            r ->
                                r.vpcId(c.ids().resolve(d.vpc()))
                                    .tagSpecifications(
                                        Ec2Tags.spec(ResourceType.ROUTE_TABLE, d.tags()))))
            .routeTable()
            .routeTableId();
    c.ids().put(d.id(), id);
  }

  Optional<AwsResource> findAssociation(RouteTableAssociation d) {
    Optional<String> subnet =
        d.subnet() instanceof Ref.Existing e
            ? Optional.of(e.awsId())
            : c.ids().awsId(((Ref.Managed) d.subnet()).id());
    return table(d.routeTable())
        .flatMap(
            t ->
                t.associations().stream()
                    .filter(a -> subnet.isPresent() && subnet.get().equals(a.subnetId()))
                    .findFirst())
        .map(
            a -> {
              c.ids().put(d.id(), a.routeTableAssociationId());
              return new RouteTableAssociation(d.name(), d.routeTable(), d.subnet());
            });
  }

  void associate(RouteTableAssociation d) {
    String id =
        c.retry()
            .callAfterCreate(
                "associating subnet with route table " + d.routeTable().name(),
                () ->
                    c.ec2()
                        .associateRouteTable(
                            r ->
                                r.routeTableId(c.ids().require(d.routeTable()))
                                    .subnetId(c.ids().resolve(d.subnet()))))
            .associationId();
    c.ids().put(d.id(), id);
  }

  Optional<AwsResource> findRoute(Route d) {
    return table(d.routeTable())
        .flatMap(
            t ->
                routes(t, d.routeTable()).stream()
                    .filter(r -> r.destination().equals(d.destination()))
                    .findFirst())
        .map(
            r ->
                new Route(
                    d.name(),
                    r.routeTable(),
                    r.destination(),
                    r.internetGateway(),
                    r.natGateway(),
                    r.egressOnlyGateway()));
  }

  /**
   * The routes of a table that jkops manages: those to an internet, NAT or egress-only gateway. The
   * VPC's local routes and kube-controller-manager's pod routes (to instances) are not jkops' to
   * change.
   */
  List<Route> routes(software.amazon.awssdk.services.ec2.model.RouteTable t, ResourceId table) {
    List<Route> out = new ArrayList<>();
    String prefix =
        table.name().startsWith("private-")
            ? table.name().substring(0, table.name().indexOf('.')) + "-"
            : "";
    for (var r : t.routes()) {
      String dest =
          r.destinationCidrBlock() != null
              ? r.destinationCidrBlock()
              : r.destinationIpv6CidrBlock();
      if (dest == null || "local".equals(r.gatewayId())) {
        continue;
      }
      if (r.natGatewayId() != null) {
        out.add(
            new Route(
                prefix + dest,
                table,
                dest,
                Optional.empty(),
                Optional.of(c.ids().ref(r.natGatewayId()))));
      } else if (r.egressOnlyInternetGatewayId() != null) {
        out.add(
            new Route(
                prefix + dest,
                table,
                dest,
                Optional.empty(),
                Optional.empty(),
                Optional.of(c.ids().ref(r.egressOnlyInternetGatewayId()))));
      } else if (r.gatewayId() != null && r.gatewayId().startsWith("igw-")) {
        out.add(
            new Route(
                prefix + dest,
                table,
                dest,
                Optional.of(c.ids().ref(r.gatewayId())),
                Optional.empty()));
      }
    }
    return out;
  }

  /** How many routes the table holds (all of them: they all count against AWS' quota). */
  int routeCount(software.amazon.awssdk.services.ec2.model.RouteTable t) {
    return t.routes().size();
  }

  /**
   * What a route request names, resolved to AWS ids once. The SDK's create, replace and delete
   * builders share no interface, so each sets these fields; an absent one is null, which the SDK
   * leaves out of the request.
   */
  private record RouteRequest(
      String table, String ipv4, String ipv6, String gateway, String nat, String egressOnly) {}

  private RouteRequest request(Route d) {
    return new RouteRequest(
        c.ids().require(d.routeTable()),
        d.ipv6() ? null : d.destination(),
        d.ipv6() ? d.destination() : null,
        d.internetGateway().map(g -> c.ids().resolve(g)).orElse(null),
        d.natGateway().map(g -> c.ids().resolve(g)).orElse(null),
        d.egressOnlyGateway().map(g -> c.ids().resolve(g)).orElse(null));
  }

  void createRoute(Route d) {
    RouteRequest x = request(d);
    c.retry()
        .runAfterCreate(
            "creating route " + d.name(),
            () ->
                c.ec2()
                    .createRoute(
                        r ->
                            r.routeTableId(x.table())
                                .destinationCidrBlock(x.ipv4())
                                .destinationIpv6CidrBlock(x.ipv6())
                                .gatewayId(x.gateway())
                                .natGatewayId(x.nat())
                                .egressOnlyInternetGatewayId(x.egressOnly())));
  }

  void replaceRoute(Route d) {
    RouteRequest x = request(d);
    c.retry()
        .run(
            "replacing route " + d.name(),
            () ->
                c.ec2()
                    .replaceRoute(
                        r ->
                            r.routeTableId(x.table())
                                .destinationCidrBlock(x.ipv4())
                                .destinationIpv6CidrBlock(x.ipv6())
                                .gatewayId(x.gateway())
                                .natGatewayId(x.nat())
                                .egressOnlyInternetGatewayId(x.egressOnly())));
  }

  void deleteRoute(Route d) {
    String table = c.ids().require(d.routeTable());
    c.retry()
        .run(
            "deleting route " + d.name(),
            () ->
                c.ec2()
                    .deleteRoute(
                        r ->
                            r.routeTableId(table)
                                .destinationCidrBlock(d.ipv6() ? null : d.destination())
                                .destinationIpv6CidrBlock(d.ipv6() ? d.destination() : null)));
  }
}
