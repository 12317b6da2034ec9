package dev.jkops.cloud.aws;

/** Deletes one live resource the cluster owns, the AWS way for its kind. */
final class Deleter {
  private final AwsContext c;
  private final Ec2Routing routing;
  private final Ec2Security security;
  private final InstanceOps instances;
  private final AsgOps asgs;
  private final EbsVolumeOps volumes;

  Deleter(AwsContext c, Ec2Routing routing, Ec2Security security, InstanceOps instances, AsgOps asgs,
      EbsVolumeOps volumes) {
    this.c = c;
    this.routing = routing;
    this.security = security;
    this.instances = instances;
    this.asgs = asgs;
    this.volumes = volumes;
  }

  void delete(AwsResource live) {
    String what = "deleting " + live.id();
    if (live instanceof Vpc) {
      String id = c.ids().require(live.id());
      c.retry().runDelete(what, () -> c.ec2().deleteVpc(r -> r.vpcId(id)));
    } else if (live instanceof DhcpOptions) {
      String id = c.ids().require(live.id());
      c.retry().runDelete(what, () -> c.ec2().deleteDhcpOptions(r -> r.dhcpOptionsId(id)));
    } else if (live instanceof VpcDhcpOptionsAssociation a) {
      String vpc = c.ids().resolve(a.vpc());
      c.retry().run(what, () -> c.ec2().associateDhcpOptions(r -> r.vpcId(vpc).dhcpOptionsId("default")));
    } else if (live instanceof InternetGateway g) {
      String id = c.ids().require(live.id());
      String vpc = c.ids().resolve(g.vpc());
      c.retry().runDelete("detaching " + live.id(), () -> c.ec2().detachInternetGateway(r -> r.internetGatewayId(id).vpcId(vpc)));
      c.retry().runDelete(what, () -> c.ec2().deleteInternetGateway(r -> r.internetGatewayId(id)));
    } else if (live instanceof Subnet) {
      String id = c.ids().require(live.id());
      c.retry().runDelete(what, () -> c.ec2().deleteSubnet(r -> r.subnetId(id)));
    } else if (live instanceof ElasticIp) {
      String id = c.ids().require(live.id());
      c.retry().runDelete(what, () -> c.ec2().releaseAddress(r -> r.allocationId(id)));
    } else if (live instanceof NatGateway) {
      String id = c.ids().require(live.id());
      c.retry().runDelete(what, () -> c.ec2().deleteNatGateway(r -> r.natGatewayId(id)));
    } else if (live instanceof RouteTable) {
      String id = c.ids().require(live.id());
      c.retry().runDelete(what, () -> c.ec2().deleteRouteTable(r -> r.routeTableId(id)));
    } else if (live instanceof RouteTableAssociation) {
      String id = c.ids().require(live.id());
      c.retry().run(what, () -> c.ec2().disassociateRouteTable(r -> r.associationId(id)));
    } else if (live instanceof Route r) {
      routing.deleteRoute(r);
    } else if (live instanceof SecurityGroup) {
      String id = c.ids().require(live.id());
      c.retry().runDelete(what, () -> c.ec2().deleteSecurityGroup(r -> r.groupId(id)));
    } else if (live instanceof SecurityGroupRule r) {
      security.deleteRule(r);
    } else if (live instanceof IamRole r) {
      instances.deleteRole(r);
    } else if (live instanceof IamRolePolicy p) {
      instances.deletePolicy(p);
    } else if (live instanceof IamInstanceProfile p) {
      instances.deleteProfile(p);
    } else if (live instanceof LaunchTemplate t) {
      instances.deleteLaunchTemplate(t);
    } else if (live instanceof AutoscalingGroup g) {
      asgs.delete(g);
    } else if (live instanceof EtcdVolume v) {
      volumes.delete(v);
    }
  }
}
