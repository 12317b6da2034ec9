package dev.jkops.cloud.aws;

import dev.jkops.tasks.Change;
import dev.jkops.tasks.KindRegistry;
import dev.jkops.tasks.Target;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The AWS cloud as the engine's target: finds live resources by their tags (or ids, for shared
 * ones), creates, updates and deletes them through the SDK, and lists what the cluster owns so that
 * what is no longer wanted is deleted. Shared resources are never created, changed (beyond their
 * {@code shared} tag) or deleted.
 */
public final class AwsTarget implements Target<AwsResource> {
  private final AwsContext c;
  private final Ec2Network network;
  private final Ec2Routing routing;
  private final Ec2Security security;
  private final InstanceOps instances;
  private final AsgOps asgs;
  private final EbsVolumeOps volumes;
  private final KeyPairOps keyPairs;
  private final ElbOps loadBalancers;
  private final NodeTerminationHandlerOps nth;
  private final DnsRecordOps dns;
  private final KindRegistry<AwsResource, AwsKindOps<?>> kinds;
  private final Deleter deleter;

  public AwsTarget(AwsClients clients, AwsRetry retry, String cluster) {
    this.c = new AwsContext(clients, retry, new LiveIds(), cluster);
    this.network = new Ec2Network(c);
    this.routing = new Ec2Routing(c);
    this.security = new Ec2Security(c);
    this.instances = new InstanceOps(c);
    this.asgs = new AsgOps(c);
    this.volumes = new EbsVolumeOps(c);
    this.keyPairs = new KeyPairOps(c);
    this.loadBalancers = new ElbOps(c);
    this.nth = new NodeTerminationHandlerOps(c);
    this.dns = new DnsRecordOps(c);
    this.kinds = kinds();
    this.deleter =
        new Deleter(c, routing, security, instances, asgs, volumes, keyPairs, loadBalancers);
  }

  /** Each kind's SDK calls: the one place a new kind is taught to the AWS target. */
  private KindRegistry<AwsResource, AwsKindOps<?>> kinds() {
    return KindRegistry.<AwsResource, AwsKindOps<?>>builder(
            AwsResource.class, "AWS find/create/update")
        .with(
            Vpc.class,
            new AwsKindOps<>(
                Vpc.class,
                network::findVpc,
                network::createVpc,
                (live, d, changes) -> {
                  // A VPC found without the Amazon IPv6 block kops' VPCs have is given one; a
                  // block is never taken away.
                  Set<String> f = fields(changes);
                  if (!Set.of("Tags", "AmazonIPv6").containsAll(f)
                      || (f.contains("AmazonIPv6") && !d.amazonIpv6())) {
                    cannotChange(d, changes);
                  }
                  if (f.contains("AmazonIPv6")) {
                    network.associateAmazonIpv6(d);
                  }
                  if (f.contains("Tags")) {
                    retag(c.ids().require(d.id()), d);
                  }
                }))
        .with(
            DhcpOptions.class,
            new AwsKindOps<>(
                DhcpOptions.class, network::findDhcp, network::createDhcp, retagOnly()))
        .with(
            VpcDhcpOptionsAssociation.class,
            new AwsKindOps<>(
                VpcDhcpOptionsAssociation.class,
                network::findDhcpAssociation,
                network::associateDhcp,
                retagOnly()))
        .with(
            InternetGateway.class,
            new AwsKindOps<>(
                InternetGateway.class, network::findIgw, network::createIgw, retagOnly()))
        .with(
            Subnet.class,
            new AwsKindOps<>(
                Subnet.class,
                network::findSubnet,
                network::createSubnet,
                (live, d, changes) -> {
                  // The hostname and IPv6 settings are made after the subnet, so a run cut short
                  // leaves some unset; AWS changes them in place, like the tags.
                  Set<String> f = fields(changes);
                  if (d.shared()) {
                    // An existing subnet is only tagged, as kops does; nothing else is changed.
                    if (!f.equals(Set.of("Tags"))) {
                      cannotChange(d, changes);
                    }
                    retag(c.ids().require(d.id()), d);
                    return;
                  }
                  if (!Ec2Network.changeableInPlace(live, d, f)) {
                    cannotChange(d, changes);
                  }
                  String id = c.ids().require(d.id());
                  network.updateSubnet(id, live, d, f);
                  if (f.contains("Tags")) {
                    retag(id, d);
                  }
                }))
        .with(
            EgressOnlyInternetGateway.class,
            new AwsKindOps<>(
                EgressOnlyInternetGateway.class,
                network::findEgressOnlyGateway,
                network::createEgressOnlyGateway,
                retagOnly()))
        .with(
            ElasticIp.class,
            new AwsKindOps<>(ElasticIp.class, network::findEip, network::createEip, retagOnly()))
        .with(
            NatGateway.class,
            new AwsKindOps<>(NatGateway.class, network::findNat, network::createNat, retagOnly()))
        .with(
            RouteTable.class,
            new AwsKindOps<>(
                RouteTable.class, routing::findTable, routing::createTable, retagOnly()))
        .with(
            RouteTableAssociation.class,
            new AwsKindOps<>(
                RouteTableAssociation.class,
                routing::findAssociation,
                routing::associate,
                retagOnly()))
        .with(
            Route.class,
            new AwsKindOps<>(
                Route.class,
                routing::findRoute,
                routing::createRoute,
                (live, d, changes) -> routing.replaceRoute(d)))
        .with(
            SecurityGroup.class,
            new AwsKindOps<>(
                SecurityGroup.class, security::findGroup, security::createGroup, retagOnly()))
        .with(
            SecurityGroupRule.class,
            new AwsKindOps<>(
                SecurityGroupRule.class,
                security::findRule,
                security::createRule,
                (live, d, changes) -> {
                  security.deleteRule(live);
                  security.createRule(d);
                }))
        .with(
            IamRole.class,
            new AwsKindOps<>(
                IamRole.class,
                instances::findRole,
                instances::createRole,
                (live, d, changes) -> instances.updateRole(d)))
        .with(
            IamRolePolicy.class,
            new AwsKindOps<>(
                IamRolePolicy.class,
                instances::findPolicy,
                instances::putPolicy,
                (live, d, changes) -> instances.putPolicy(d)))
        // An instance profile's tags are not EC2 tags: createTags cannot change them.
        .with(
            IamInstanceProfile.class,
            new AwsKindOps<>(
                IamInstanceProfile.class,
                instances::findProfile,
                instances::createProfile,
                (live, d, changes) -> cannotChange(d, changes)))
        .with(
            LaunchTemplate.class,
            new AwsKindOps<>(
                LaunchTemplate.class,
                instances::findLaunchTemplate,
                instances::createLaunchTemplate,
                (live, d, changes) -> instances.updateLaunchTemplate(d)))
        .with(
            AutoscalingGroup.class,
            new AwsKindOps<>(
                AutoscalingGroup.class,
                asgs::find,
                asgs::create,
                (live, d, changes) -> asgs.update(live, d)))
        .with(
            EtcdVolume.class,
            new AwsKindOps<>(EtcdVolume.class, volumes::find, volumes::create, retagOnly()))
        // Named by its fingerprint: a different key is a different key pair, never an update.
        .with(
            KeyPair.class,
            new AwsKindOps<>(KeyPair.class, keyPairs::find, keyPairs::create, retagOnly()))
        .with(
            NetworkLoadBalancer.class,
            new AwsKindOps<>(
                NetworkLoadBalancer.class,
                loadBalancers::findLoadBalancer,
                loadBalancers::createLoadBalancer,
                (live, d, changes) -> loadBalancers.updateLoadBalancer(live, d)))
        .with(
            ClassicLoadBalancer.class,
            new AwsKindOps<>(
                ClassicLoadBalancer.class,
                loadBalancers.classic()::find,
                loadBalancers.classic()::create,
                (live, d, changes) -> loadBalancers.classic().update(live, d)))
        .with(
            TargetGroup.class,
            new AwsKindOps<>(
                TargetGroup.class,
                loadBalancers::findTargetGroup,
                loadBalancers::createTargetGroup,
                (live, d, changes) -> loadBalancers.updateTargetGroup(live, d)))
        .with(
            SqsQueue.class,
            new AwsKindOps<>(
                SqsQueue.class,
                nth::findQueue,
                nth::createQueue,
                (live, d, changes) -> nth.updateQueue(live, d)))
        .with(
            SqsQueuePolicy.class,
            new AwsKindOps<>(
                SqsQueuePolicy.class,
                nth::findPolicy,
                nth::putPolicy,
                (live, d, changes) -> nth.putPolicy(d)))
        .with(
            EventRule.class,
            new AwsKindOps<>(
                EventRule.class,
                nth::findRule,
                nth::putRule,
                (live, d, changes) -> nth.updateRule(live, d)))
        .with(
            EventTarget.class,
            new AwsKindOps<>(
                EventTarget.class,
                nth::findTarget,
                nth::putTarget,
                (live, d, changes) -> nth.putTarget(d)))
        // Only a record's existence is compared (a placeholder is dns-controller's to change).
        .with(
            DnsRecord.class,
            new AwsKindOps<>(
                DnsRecord.class, dns::find, dns::upsert, (live, d, changes) -> dns.upsert(d)))
        .with(
            LifecycleHook.class,
            new AwsKindOps<>(
                LifecycleHook.class,
                nth::findHook,
                nth::putHook,
                (live, d, changes) -> nth.putHook(d)))
        .build();
  }

  /**
   * The cluster's hosted zone ({@link HostedZones}) and public API name: where the records it owns
   * are listed. Without it (the default) the target lists no records.
   */
  AwsTarget withDnsZone(Optional<String> zoneId, String publicName) {
    dns.zone(zoneId, publicName);
    return this;
  }

  /** The kinds this target handles, for the test that holds them to the sealed hierarchy. */
  Set<Class<?>> handledKinds() {
    return kinds.kinds();
  }

  /** The kinds this target deletes, for the same test. */
  Set<Class<?>> deletedKinds() {
    return deleter.kinds();
  }

  /**
   * For kinds AWS changes only by their tags: a change to anything else cannot be made in place.
   */
  private <R extends AwsResource> AwsKindOps.Updater<R> retagOnly() {
    return (live, d, changes) -> {
      if (!fields(changes).equals(Set.of("Tags"))) {
        cannotChange(d, changes);
      }
      retag(c.ids().require(d.id()), d);
    };
  }

  private void retag(String id, AwsResource d) {
    c.retry()
        .run(
            "tagging " + d.id(),
            () -> c.ec2().createTags(r -> r.resources(id).tags(Ec2Tags.tags(d.tags()))));
  }

  private static Set<String> fields(List<Change> changes) {
    return changes.stream().map(Change::field).collect(Collectors.toSet());
  }

  private static void cannotChange(AwsResource d, List<Change> changes) {
    throw new AwsException(
        d.id()
            + " differs in "
            + fields(changes)
            + ", which AWS cannot change in place: "
            + changes
            + "; put the spec back, or delete the cluster and create it again");
  }

  AwsContext context() {
    return c;
  }

  @Override
  public Optional<AwsResource> find(AwsResource d) {
    return kinds.of(d).find(d);
  }

  @Override
  public List<AwsResource> owned() {
    List<AwsResource> owned =
        new java.util.ArrayList<>(
            new OwnedResources(
                    c,
                    network,
                    routing,
                    security,
                    instances,
                    asgs,
                    volumes,
                    keyPairs,
                    loadBalancers)
                .list());
    owned.addAll(nth.owned(owned));
    owned.addAll(dns.owned());
    return owned;
  }

  @Override
  public void create(AwsResource d) {
    if (d.shared()) {
      throw new AwsException(
          d.id() + " is an existing resource jkops does not own; it must exist already");
    }
    kinds.of(d).create(d);
  }

  @Override
  public void update(AwsResource live, AwsResource d, List<Change> changes) {
    kinds.of(d).update(live, d, changes);
  }

  @Override
  public void delete(AwsResource live) {
    if (live.shared()) {
      return;
    }
    deleter.delete(live);
    c.ids().remove(live.id());
  }
}
