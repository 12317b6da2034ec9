package dev.jkops.cloud.aws;

import dev.jkops.tasks.Change;
import dev.jkops.tasks.Target;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The AWS cloud as the engine's target: finds live resources by their tags (or ids, for shared
 * ones), creates, updates and deletes them through the SDK, and lists what the cluster owns so
 * that what is no longer wanted is deleted. Shared resources are never created, changed (beyond
 * their {@code shared} tag) or deleted.
 */
public final class AwsTarget implements Target<AwsResource> {
  private final AwsContext c;
  private final Ec2Network network;
  private final Ec2Routing routing;
  private final Ec2Security security;
  private final InstanceOps instances;
  private final AsgOps asgs;
  private final EbsVolumeOps volumes;

  public AwsTarget(AwsClients clients, AwsRetry retry, String cluster) {
    this.c = new AwsContext(clients, retry, new LiveIds(), cluster);
    this.network = new Ec2Network(c);
    this.routing = new Ec2Routing(c);
    this.security = new Ec2Security(c);
    this.instances = new InstanceOps(c);
    this.asgs = new AsgOps(c);
    this.volumes = new EbsVolumeOps(c);
  }

  AwsContext context() {
    return c;
  }

  @Override
  public Optional<AwsResource> find(AwsResource d) {
    if (d instanceof Vpc x) {
      return network.findVpc(x);
    } else if (d instanceof DhcpOptions x) {
      return network.findDhcp(x);
    } else if (d instanceof VpcDhcpOptionsAssociation x) {
      return network.findDhcpAssociation(x);
    } else if (d instanceof InternetGateway x) {
      return network.findIgw(x);
    } else if (d instanceof Subnet x) {
      return network.findSubnet(x);
    } else if (d instanceof ElasticIp x) {
      return network.findEip(x);
    } else if (d instanceof NatGateway x) {
      return network.findNat(x);
    } else if (d instanceof RouteTable x) {
      return routing.findTable(x);
    } else if (d instanceof RouteTableAssociation x) {
      return routing.findAssociation(x);
    } else if (d instanceof Route x) {
      return routing.findRoute(x);
    } else if (d instanceof SecurityGroup x) {
      return security.findGroup(x);
    } else if (d instanceof SecurityGroupRule x) {
      return security.findRule(x);
    } else if (d instanceof IamRole x) {
      return instances.findRole(x);
    } else if (d instanceof IamRolePolicy x) {
      return instances.findPolicy(x);
    } else if (d instanceof IamInstanceProfile x) {
      return instances.findProfile(x);
    } else if (d instanceof LaunchTemplate x) {
      return instances.findLaunchTemplate(x);
    } else if (d instanceof EtcdVolume x) {
      return volumes.find(x);
    }
    return asgs.find((AutoscalingGroup) d);
  }

  @Override
  public List<AwsResource> owned() {
    return new OwnedResources(c, network, routing, security, instances, asgs, volumes).list();
  }

  @Override
  public void create(AwsResource d) {
    if (d.shared()) {
      throw new AwsException(d.id() + " is an existing resource jkops does not own; it must exist already");
    }
    if (d instanceof Vpc x) {
      network.createVpc(x);
    } else if (d instanceof DhcpOptions x) {
      network.createDhcp(x);
    } else if (d instanceof VpcDhcpOptionsAssociation x) {
      network.associateDhcp(x);
    } else if (d instanceof InternetGateway x) {
      network.createIgw(x);
    } else if (d instanceof Subnet x) {
      network.createSubnet(x);
    } else if (d instanceof ElasticIp x) {
      network.createEip(x);
    } else if (d instanceof NatGateway x) {
      network.createNat(x);
    } else if (d instanceof RouteTable x) {
      routing.createTable(x);
    } else if (d instanceof RouteTableAssociation x) {
      routing.associate(x);
    } else if (d instanceof Route x) {
      routing.createRoute(x);
    } else if (d instanceof SecurityGroup x) {
      security.createGroup(x);
    } else if (d instanceof SecurityGroupRule x) {
      security.createRule(x);
    } else if (d instanceof IamRole x) {
      instances.createRole(x);
    } else if (d instanceof IamRolePolicy x) {
      instances.putPolicy(x);
    } else if (d instanceof IamInstanceProfile x) {
      instances.createProfile(x);
    } else if (d instanceof LaunchTemplate x) {
      instances.createLaunchTemplate(x);
    } else if (d instanceof EtcdVolume x) {
      volumes.create(x);
    } else {
      asgs.create((AutoscalingGroup) d);
    }
  }

  @Override
  public void update(AwsResource live, AwsResource d, List<Change> changes) {
    Set<String> fields = changes.stream().map(Change::field).collect(Collectors.toSet());
    if (d instanceof Route x) {
      routing.replaceRoute(x);
    } else if (d instanceof SecurityGroupRule x) {
      security.deleteRule((SecurityGroupRule) live);
      security.createRule(x);
    } else if (d instanceof IamRole x) {
      instances.updateRole(x);
    } else if (d instanceof IamRolePolicy x) {
      instances.putPolicy(x);
    } else if (d instanceof LaunchTemplate x) {
      instances.updateLaunchTemplate(x);
    } else if (d instanceof AutoscalingGroup x) {
      asgs.update(x);
    } else if (fields.equals(Set.of("Tags")) && !(d instanceof IamInstanceProfile)) {
      String id = c.ids().require(d.id());
      c.retry().run("tagging " + d.id(), () -> c.ec2().createTags(r -> r.resources(id).tags(Ec2Tags.tags(d.tags()))));
    } else {
      throw new AwsException(d.id() + " differs in " + fields + ", which AWS cannot change in place: "
          + changes + "; put the spec back, or delete the cluster and create it again");
    }
  }

  @Override
  public void delete(AwsResource live) {
    if (live.shared()) {
      return;
    }
    new Deleter(c, routing, security, instances, asgs, volumes).delete(live);
    c.ids().remove(live.id());
  }
}
