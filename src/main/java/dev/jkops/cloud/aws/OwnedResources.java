package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything live that the cluster owns (tagged {@code kubernetes.io/cluster/<name>=owned}), read
 * in dependency order so that references come back as names. Shared resources are not listed.
 */
final class OwnedResources {
  private final AwsContext c;
  private final Ec2Network network;
  private final Ec2Routing routing;
  private final Ec2Security security;
  private final InstanceOps instances;
  private final AsgOps asgs;
  private final EbsVolumeOps volumes;
  private final KeyPairOps keyPairs;
  private final ElbOps loadBalancers;

  OwnedResources(
      AwsContext c,
      Ec2Network network,
      Ec2Routing routing,
      Ec2Security security,
      InstanceOps instances,
      AsgOps asgs,
      EbsVolumeOps volumes,
      KeyPairOps keyPairs,
      ElbOps loadBalancers) {
    this.c = c;
    this.network = network;
    this.routing = routing;
    this.security = security;
    this.instances = instances;
    this.asgs = asgs;
    this.volumes = volumes;
    this.keyPairs = keyPairs;
    this.loadBalancers = loadBalancers;
  }

  List<AwsResource> list() {
    var owned = Ec2Tags.owned(c.cluster());
    List<AwsResource> out = new ArrayList<>();
    var vpcs =
        c.retry().call("listing VPCs", () -> c.ec2().describeVpcs(r -> r.filters(owned))).vpcs();
    for (var v : vpcs) {
      Vpc vpc = network.vpc(v, null);
      c.ids().put(vpc.id(), v.vpcId());
      out.add(vpc);
    }
    for (var o :
        c.retry()
            .call("listing DHCP options", () -> c.ec2().describeDhcpOptions(r -> r.filters(owned)))
            .dhcpOptions()) {
      DhcpOptions d = network.dhcp(o, null);
      c.ids().put(d.id(), o.dhcpOptionsId());
      out.add(d);
      for (var v : vpcs) {
        if (o.dhcpOptionsId().equals(v.dhcpOptionsId())) {
          out.add(
              new VpcDhcpOptionsAssociation(
                  Ec2Tags.get(v.tags(), Tags.NAME), c.ids().ref(v.vpcId()), d.id()));
        }
      }
    }
    for (var g :
        c.retry()
            .call(
                "listing internet gateways",
                () -> c.ec2().describeInternetGateways(r -> r.filters(owned)))
            .internetGateways()) {
      InternetGateway igw = network.igw(g, false, null);
      c.ids().put(igw.id(), g.internetGatewayId());
      out.add(igw);
    }
    for (var g :
        c.retry()
            .call(
                "listing egress-only internet gateways",
                () -> c.ec2().describeEgressOnlyInternetGateways(r -> r.filters(owned)))
            .egressOnlyInternetGateways()) {
      if (Ec2Network.attached(g)) {
        EgressOnlyInternetGateway eigw = network.egressOnlyGateway(g, null);
        c.ids().put(eigw.id(), g.egressOnlyInternetGatewayId());
        out.add(eigw);
      }
    }
    for (var s :
        c.retry()
            .call("listing subnets", () -> c.ec2().describeSubnets(r -> r.filters(owned)))
            .subnets()) {
      Subnet subnet = network.subnet(s, null);
      c.ids().put(subnet.id(), s.subnetId());
      out.add(subnet);
    }
    for (var a :
        c.retry()
            .call("listing elastic IPs", () -> c.ec2().describeAddresses(r -> r.filters(owned)))
            .addresses()) {
      ElasticIp eip = new ElasticIp(Ec2Tags.get(a.tags(), Tags.NAME), Ec2Tags.map(a.tags(), null));
      c.ids().put(eip.id(), a.allocationId());
      out.add(eip);
    }
    for (var n :
        c.retry()
            .call(
                "listing NAT gateways",
                () ->
                    c.ec2()
                        .describeNatGateways(
                            r ->
                                r.filter(
                                    Ec2Network.concat(
                                        owned, Ec2Tags.filter("state", "pending", "available")))))
            .natGateways()) {
      NatGateway nat = network.nat(n, null);
      c.ids().put(nat.id(), n.natGatewayId());
      out.add(nat);
    }
    routeTables(owned, out);
    securityGroups(owned, out);
    iam(out);
    for (var t :
        c.retry()
            .call(
                "listing launch templates",
                () -> c.ec2().describeLaunchTemplates(r -> r.filters(owned)))
            .launchTemplates()) {
      String name = Ec2Tags.get(t.tags(), Tags.NAME);
      String ig =
          Optional.ofNullable(Ec2Tags.get(t.tags(), "kops.k8s.io/instancegroup")).orElse(name);
      instances
          .findLaunchTemplate(
              new LaunchTemplate(
                  name,
                  ig,
                  "",
                  "",
                  List.of(),
                  IamInstanceProfile.idOf("none"),
                  false,
                  true,
                  "",
                  "",
                  "",
                  InstanceSettings.DEFAULT,
                  Ec2Tags.map(t.tags(), null)))
          .ifPresent(out::add);
    }
    // Target groups before the groups and load balancers that name them, so both name them back.
    out.addAll(loadBalancers.ownedTargetGroups());
    out.addAll(loadBalancers.ownedLoadBalancers());
    out.addAll(loadBalancers.classic().owned());
    out.addAll(asgs.owned());
    out.addAll(volumes.owned());
    out.addAll(keyPairs.owned());
    return out;
  }

  private void routeTables(
      List<software.amazon.awssdk.services.ec2.model.Filter> owned, List<AwsResource> out) {
    for (var t :
        c.retry()
            .call("listing route tables", () -> c.ec2().describeRouteTables(r -> r.filters(owned)))
            .routeTables()) {
      RouteTable table = routing.table(t, null);
      c.ids().put(table.id(), t.routeTableId());
      out.add(table);
      boolean isPublic = "public".equals(table.tags().get(Tags.KOPS_ROLE));
      for (var a : t.associations()) {
        Optional<ResourceId> subnet =
            a.subnetId() == null ? Optional.empty() : c.ids().name(a.subnetId());
        if (subnet.isPresent()) {
          String name = isPublic ? subnet.get().name() : "private-" + subnet.get().name();
          RouteTableAssociation rta =
              new RouteTableAssociation(name, table.id(), Ref.to(subnet.get()));
          c.ids().put(rta.id(), a.routeTableAssociationId());
          out.add(rta);
        }
      }
      out.addAll(routing.routes(t, table.id()));
    }
  }

  private void securityGroups(
      List<software.amazon.awssdk.services.ec2.model.Filter> owned, List<AwsResource> out) {
    var groups =
        c.retry()
            .call(
                "listing security groups",
                () -> c.ec2().describeSecurityGroups(r -> r.filters(owned)))
            .securityGroups();
    List<SecurityGroup> mine = new ArrayList<>();
    for (var g : groups) {
      SecurityGroup sg = security.group(g, null);
      c.ids().put(sg.id(), g.groupId());
      mine.add(sg);
    }
    out.addAll(mine);
    for (SecurityGroup sg : mine) {
      out.addAll(security.rules(sg.id()));
    }
  }

  private void iam(List<AwsResource> out) {
    for (String prefix : List.of("masters", "nodes", "bastions")) {
      String name = prefix + "." + c.cluster();
      Optional<AwsResource> role =
          instances.findRole(new IamRole(name, "", Tags.owned(c.cluster(), name)));
      if (role.isEmpty() || !Tags.ownedBy(role.get().tags(), c.cluster())) {
        continue;
      }
      out.add(role.get());
      instances.findPolicy(new IamRolePolicy(name, IamRole.idOf(name), "")).ifPresent(out::add);
      instances
          .findProfile(
              new IamInstanceProfile(name, IamRole.idOf(name), Tags.owned(c.cluster(), name)))
          .ifPresent(out::add);
    }
  }
}
