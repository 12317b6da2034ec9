package dev.jkops.cloud.aws;

import dev.jkops.tasks.KindRegistry;
import java.util.Set;
import java.util.function.Consumer;

/** Deletes one live resource the cluster owns, the AWS way for its kind. */
final class Deleter {
  private final AwsContext c;
  private final KindRegistry<AwsResource, Deletion<?>> kinds;

  /** The delete of one kind, typed by its record. */
  private record Deletion<R extends AwsResource>(Class<R> kind, Consumer<R> delete) {
    void run(AwsResource live) {
      delete.accept(kind.cast(live));
    }
  }

  Deleter(
      AwsContext c,
      Ec2Routing routing,
      Ec2Security security,
      InstanceOps instances,
      AsgOps asgs,
      EbsVolumeOps volumes,
      KeyPairOps keyPairs,
      ElbOps loadBalancers) {
    this.c = c;
    NodeTerminationHandlerOps nth = new NodeTerminationHandlerOps(c);
    this.kinds =
        KindRegistry.<AwsResource, Deletion<?>>builder(AwsResource.class, "AWS deletion")
            .with(
                Vpc.class,
                new Deletion<>(
                    Vpc.class, v -> deleteById(v, id -> c.ec2().deleteVpc(r -> r.vpcId(id)))))
            .with(
                DhcpOptions.class,
                new Deletion<>(
                    DhcpOptions.class,
                    d -> deleteById(d, id -> c.ec2().deleteDhcpOptions(r -> r.dhcpOptionsId(id)))))
            .with(
                VpcDhcpOptionsAssociation.class,
                new Deletion<>(VpcDhcpOptionsAssociation.class, this::disassociateDhcp))
            .with(InternetGateway.class, new Deletion<>(InternetGateway.class, this::deleteIgw))
            .with(
                EgressOnlyInternetGateway.class,
                new Deletion<>(
                    EgressOnlyInternetGateway.class,
                    g ->
                        deleteById(
                            g,
                            id ->
                                c.ec2()
                                    .deleteEgressOnlyInternetGateway(
                                        r -> r.egressOnlyInternetGatewayId(id)))))
            .with(
                Subnet.class,
                new Deletion<>(
                    Subnet.class,
                    s -> deleteById(s, id -> c.ec2().deleteSubnet(r -> r.subnetId(id)))))
            .with(
                ElasticIp.class,
                new Deletion<>(
                    ElasticIp.class,
                    e -> deleteById(e, id -> c.ec2().releaseAddress(r -> r.allocationId(id)))))
            .with(
                NatGateway.class,
                new Deletion<>(
                    NatGateway.class,
                    n -> deleteById(n, id -> c.ec2().deleteNatGateway(r -> r.natGatewayId(id)))))
            .with(
                RouteTable.class,
                new Deletion<>(
                    RouteTable.class,
                    t -> deleteById(t, id -> c.ec2().deleteRouteTable(r -> r.routeTableId(id)))))
            .with(
                RouteTableAssociation.class,
                new Deletion<>(RouteTableAssociation.class, this::disassociateTable))
            .with(Route.class, new Deletion<>(Route.class, routing::deleteRoute))
            .with(
                SecurityGroup.class,
                new Deletion<>(
                    SecurityGroup.class,
                    g -> deleteById(g, id -> c.ec2().deleteSecurityGroup(r -> r.groupId(id)))))
            .with(
                SecurityGroupRule.class,
                new Deletion<>(SecurityGroupRule.class, security::deleteRule))
            .with(IamRole.class, new Deletion<>(IamRole.class, instances::deleteRole))
            .with(IamRolePolicy.class, new Deletion<>(IamRolePolicy.class, instances::deletePolicy))
            .with(
                IamInstanceProfile.class,
                new Deletion<>(IamInstanceProfile.class, instances::deleteProfile))
            .with(
                LaunchTemplate.class,
                new Deletion<>(LaunchTemplate.class, instances::deleteLaunchTemplate))
            .with(AutoscalingGroup.class, new Deletion<>(AutoscalingGroup.class, asgs::delete))
            .with(EtcdVolume.class, new Deletion<>(EtcdVolume.class, volumes::delete))
            .with(KeyPair.class, new Deletion<>(KeyPair.class, keyPairs::delete))
            .with(
                NetworkLoadBalancer.class,
                new Deletion<>(NetworkLoadBalancer.class, loadBalancers::deleteLoadBalancer))
            .with(
                ClassicLoadBalancer.class,
                new Deletion<>(ClassicLoadBalancer.class, loadBalancers.classic()::delete))
            .with(
                TargetGroup.class,
                new Deletion<>(TargetGroup.class, loadBalancers::deleteTargetGroup))
            .with(SqsQueue.class, new Deletion<>(SqsQueue.class, nth::deleteQueue))
            .with(SqsQueuePolicy.class, new Deletion<>(SqsQueuePolicy.class, nth::deletePolicy))
            .with(EventRule.class, new Deletion<>(EventRule.class, nth::deleteRule))
            .with(EventTarget.class, new Deletion<>(EventTarget.class, nth::deleteTarget))
            .with(LifecycleHook.class, new Deletion<>(LifecycleHook.class, nth::deleteHook))
            .with(DnsRecord.class, new Deletion<>(DnsRecord.class, new DnsRecordOps(c)::delete))
            .build();
  }

  void delete(AwsResource live) {
    kinds.of(live).run(live);
  }

  Set<Class<?>> kinds() {
    return kinds.kinds();
  }

  /**
   * The EC2 delete call of a kind deleted by its id alone, retried while AWS reports dependents.
   */
  private void deleteById(AwsResource live, Consumer<String> call) {
    String id = c.ids().require(live.id());
    c.retry().runDelete("deleting " + live.id(), () -> call.accept(id));
  }

  /** A VPC goes back to the default DHCP options: an association is not deleted, it is replaced. */
  private void disassociateDhcp(VpcDhcpOptionsAssociation a) {
    String vpc = c.ids().resolve(a.vpc());
    c.retry()
        .run(
            "deleting " + a.id(),
            () -> c.ec2().associateDhcpOptions(r -> r.vpcId(vpc).dhcpOptionsId("default")));
  }

  private void deleteIgw(InternetGateway g) {
    String id = c.ids().require(g.id());
    String vpc = c.ids().resolve(g.vpc());
    c.retry()
        .runDelete(
            "detaching " + g.id(),
            () -> c.ec2().detachInternetGateway(r -> r.internetGatewayId(id).vpcId(vpc)));
    c.retry()
        .runDelete(
            "deleting " + g.id(),
            () -> c.ec2().deleteInternetGateway(r -> r.internetGatewayId(id)));
  }

  private void disassociateTable(RouteTableAssociation a) {
    String id = c.ids().require(a.id());
    c.retry()
        .run("deleting " + a.id(), () -> c.ec2().disassociateRouteTable(r -> r.associationId(id)));
  }
}
