package dev.jkops.cloud.aws.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.model.*;

/** Route tables, their associations and routes, with AWS' route quota per table. */
public final class FakeEc2Routing {
  private final FakeEc2 ec2;
  final Map<String, RouteTable> tables = new LinkedHashMap<>();

  FakeEc2Routing(FakeEc2 ec2) {
    this.ec2 = ec2;
  }

  /** Every VPC gets a main route table with its local route. */
  void mainTable(String vpcId) {
    String id = ec2.aws.id("rtb");
    tables.put(
        id,
        RouteTable.builder()
            .routeTableId(id)
            .vpcId(vpcId)
            .associations(
                RouteTableAssociation.builder()
                    .main(true)
                    .routeTableAssociationId(ec2.aws.id("rtbassoc"))
                    .build())
            .routes(local(vpcId))
            .build());
  }

  boolean isMain(RouteTable t) {
    return t.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()));
  }

  private Route local(String vpcId) {
    return Route.builder()
        .destinationCidrBlock(ec2.vpcs.get(vpcId).cidrBlock())
        .gatewayId("local")
        .build();
  }

  boolean tag(String id, List<Tag> tags) {
    RouteTable t = tables.get(id);
    if (t == null) {
      return false;
    }
    tables.put(id, t.toBuilder().tags(FakeEc2.merge(t.tags(), tags)).build());
    return true;
  }

  /** Adds routes someone else made (another controller's), e.g. to test the quota. */
  public void addForeignRoutes(String tableId, int count) {
    RouteTable t = tables.get(tableId);
    List<Route> routes = new ArrayList<>(t.routes());
    for (int i = 0; i < count; i++) {
      routes.add(
          Route.builder()
              .destinationCidrBlock("10.200." + i + ".0/24")
              .instanceId("i-foreign" + i)
              .build());
    }
    tables.put(tableId, t.toBuilder().routes(routes).build());
  }

  DescribeRouteTablesResponse describe(DescribeRouteTablesRequest r) {
    ec2.aws.call("describeRouteTables");
    List<RouteTable> out = new ArrayList<>();
    for (RouteTable t : tables.values()) {
      if (r.hasRouteTableIds() && !r.routeTableIds().contains(t.routeTableId())) {
        continue;
      }
      if (Filters.match(r.filters(), t.tags(), Map.of("vpc-id", t.vpcId()))) {
        out.add(t);
      }
    }
    return DescribeRouteTablesResponse.builder().routeTables(out).build();
  }

  CreateRouteTableResponse create(CreateRouteTableRequest r) {
    ec2.aws.call("createRouteTable");
    ec2.require(ec2.vpcs, r.vpcId(), "InvalidVpcID.NotFound");
    String id = ec2.aws.id("rtb");
    tables.put(
        id,
        RouteTable.builder()
            .routeTableId(id)
            .vpcId(r.vpcId())
            .routes(local(r.vpcId()))
            .tags(FakeEc2.tags(r.tagSpecifications()))
            .build());
    ec2.aws.created(id);
    return CreateRouteTableResponse.builder().routeTable(tables.get(id)).build();
  }

  DeleteRouteTableResponse delete(DeleteRouteTableRequest r) {
    ec2.aws.call("deleteRouteTable");
    RouteTable t = ec2.require(tables, r.routeTableId(), "InvalidRouteTableID.NotFound");
    if (!t.associations().isEmpty()) {
      throw FakeAws.error(
          "DependencyViolation",
          "The routeTable '" + t.routeTableId() + "' has dependencies and cannot be deleted.",
          400);
    }
    tables.remove(t.routeTableId());
    return DeleteRouteTableResponse.builder().build();
  }

  AssociateRouteTableResponse associate(AssociateRouteTableRequest r) {
    ec2.aws.call("associateRouteTable");
    RouteTable t = ec2.require(tables, r.routeTableId(), "InvalidRouteTableID.NotFound");
    ec2.require(ec2.subnets, r.subnetId(), "InvalidSubnetID.NotFound");
    for (RouteTable other : tables.values()) {
      if (other.associations().stream().anyMatch(a -> r.subnetId().equals(a.subnetId()))) {
        throw FakeAws.error(
            "Resource.AlreadyAssociated",
            "the subnet " + r.subnetId() + " is already associated",
            400);
      }
    }
    String id = ec2.aws.id("rtbassoc");
    List<RouteTableAssociation> as = new ArrayList<>(t.associations());
    as.add(
        RouteTableAssociation.builder()
            .routeTableAssociationId(id)
            .routeTableId(t.routeTableId())
            .subnetId(r.subnetId())
            .build());
    tables.put(t.routeTableId(), t.toBuilder().associations(as).build());
    return AssociateRouteTableResponse.builder().associationId(id).build();
  }

  DisassociateRouteTableResponse disassociate(DisassociateRouteTableRequest r) {
    ec2.aws.call("disassociateRouteTable");
    for (RouteTable t : new ArrayList<>(tables.values())) {
      if (t.associations().stream()
          .anyMatch(a -> r.associationId().equals(a.routeTableAssociationId()))) {
        tables.put(
            t.routeTableId(),
            t.toBuilder()
                .associations(
                    t.associations().stream()
                        .filter(a -> !r.associationId().equals(a.routeTableAssociationId()))
                        .toList())
                .build());
        return DisassociateRouteTableResponse.builder().build();
      }
    }
    throw FakeAws.error(
        "InvalidAssociationID.NotFound",
        "The association ID '" + r.associationId() + "' does not exist",
        400);
  }

  private static boolean sameDestination(Route x, String v4, String v6) {
    return Objects.equals(x.destinationCidrBlock(), v4)
        && Objects.equals(x.destinationIpv6CidrBlock(), v6);
  }

  CreateRouteResponse createRoute(CreateRouteRequest r) {
    ec2.aws.call("createRoute");
    RouteTable t = ec2.require(tables, r.routeTableId(), "InvalidRouteTableID.NotFound");
    if (r.gatewayId() != null) {
      ec2.require(ec2.igws, r.gatewayId(), "InvalidInternetGatewayID.NotFound");
    }
    if (r.egressOnlyInternetGatewayId() != null) {
      ec2.require(
          ec2.ipv6.egressOnly,
          r.egressOnlyInternetGatewayId(),
          "InvalidEgressOnlyInternetGatewayId.NotFound");
      if (r.destinationIpv6CidrBlock() == null) {
        throw FakeAws.error(
            "InvalidParameterValue", "An egress-only gateway takes IPv6 routes only", 400);
      }
    }
    if (r.natGatewayId() != null
        && !ec2.nats.containsKey(r.natGatewayId())
        && !r.natGatewayId().startsWith("nat-user")) {
      ec2.require(ec2.nats, r.natGatewayId(), "InvalidNatGatewayID.NotFound");
    }
    if (t.routes().stream()
        .anyMatch(
            x -> sameDestination(x, r.destinationCidrBlock(), r.destinationIpv6CidrBlock()))) {
      throw FakeAws.error(
          "RouteAlreadyExists",
          "The route identified by "
              + (r.destinationCidrBlock() != null
                  ? r.destinationCidrBlock()
                  : r.destinationIpv6CidrBlock())
              + " already exists.",
          400);
    }
    if (t.routes().size() >= ec2.aws.routeQuota) {
      throw FakeAws.error(
          "RouteLimitExceeded", "The maximum number of routes has been reached.", 400);
    }
    List<Route> routes = new ArrayList<>(t.routes());
    routes.add(
        Route.builder()
            .destinationCidrBlock(r.destinationCidrBlock())
            .destinationIpv6CidrBlock(r.destinationIpv6CidrBlock())
            .gatewayId(r.gatewayId())
            .natGatewayId(r.natGatewayId())
            .egressOnlyInternetGatewayId(r.egressOnlyInternetGatewayId())
            .build());
    tables.put(t.routeTableId(), t.toBuilder().routes(routes).build());
    return CreateRouteResponse.builder().returnValue(true).build();
  }

  ReplaceRouteResponse replaceRoute(ReplaceRouteRequest r) {
    ec2.aws.call("replaceRoute");
    RouteTable t = ec2.require(tables, r.routeTableId(), "InvalidRouteTableID.NotFound");
    List<Route> routes =
        new ArrayList<>(
            t.routes().stream()
                .filter(
                    x ->
                        !sameDestination(x, r.destinationCidrBlock(), r.destinationIpv6CidrBlock()))
                .toList());
    routes.add(
        Route.builder()
            .destinationCidrBlock(r.destinationCidrBlock())
            .destinationIpv6CidrBlock(r.destinationIpv6CidrBlock())
            .gatewayId(r.gatewayId())
            .natGatewayId(r.natGatewayId())
            .egressOnlyInternetGatewayId(r.egressOnlyInternetGatewayId())
            .build());
    tables.put(t.routeTableId(), t.toBuilder().routes(routes).build());
    return ReplaceRouteResponse.builder().build();
  }

  DeleteRouteResponse deleteRoute(DeleteRouteRequest r) {
    ec2.aws.call("deleteRoute");
    RouteTable t = ec2.require(tables, r.routeTableId(), "InvalidRouteTableID.NotFound");
    if (t.routes().stream()
        .noneMatch(
            x -> sameDestination(x, r.destinationCidrBlock(), r.destinationIpv6CidrBlock()))) {
      throw FakeAws.error("InvalidRoute.NotFound", "no route to " + r.destinationCidrBlock(), 400);
    }
    tables.put(
        t.routeTableId(),
        t.toBuilder()
            .routes(
                t.routes().stream()
                    .filter(
                        x ->
                            !sameDestination(
                                x, r.destinationCidrBlock(), r.destinationIpv6CidrBlock()))
                    .toList())
            .build());
    return DeleteRouteResponse.builder().build();
  }
}
