package dev.jkops.cloud.aws;

import dev.jkops.api.ClusterBundle;
import dev.jkops.model.CloudFacts;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.Engine;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import java.util.List;
import java.util.Optional;

/**
 * A cluster on AWS: reads what the cloud says about the cluster's route table (so the model checks
 * the route quota and ownership against the live table before anything changes), plans the desired
 * resources against the live ones, applies, and deletes what the cluster owns.
 */
public final class AwsClusterResources {
  private final AwsClients clients;
  private final AwsRetry retry;

  public AwsClusterResources(AwsClients clients, AwsRetry retry) {
    this.clients = clients;
    this.retry = retry;
  }

  /** The network plan, with the route table's live route count and owner. */
  public NetworkPlan networkPlan(ClusterBundle bundle, IpamState ipam) {
    return NetworkPlanner.plan(bundle, ipam, facts(AwsCluster.of(bundle)));
  }

  /** What the live public route table says: routes that are not pod routes, and its owner tag. */
  public CloudFacts facts(AwsCluster cluster) {
    CloudFacts base = CloudFacts.forCloud("aws");
    var tables =
        retry
            .call(
                "reading the route table of " + cluster.name(),
                () ->
                    clients
                        .ec2()
                        .describeRouteTables(
                            r ->
                                r.filters(
                                    Ec2Tags.filter("tag:" + Tags.NAME, cluster.name()),
                                    Ec2Tags.filter("tag:" + Tags.KOPS_ROLE, "public"))))
            .routeTables();
    boolean ipv6 = !cluster.sharedVpc();
    if (tables.isEmpty()) {
      // A new table holds the VPC's local route and the default routes jkops adds.
      return base.withExistingRoutes(1 + (ipv6 ? 2 : 1), Optional.empty());
    }
    var t = tables.get(0);
    int nonPod =
        (int)
            t.routes().stream()
                .filter(r -> r.instanceId() == null && r.networkInterfaceId() == null)
                .count();
    int missingDefaults =
        (int)
            List.of("0.0.0.0/0", "::/0").stream()
                .limit(ipv6 ? 2 : 1)
                .filter(
                    d ->
                        t.routes().stream()
                            .noneMatch(
                                r ->
                                    d.equals(r.destinationCidrBlock())
                                        || d.equals(r.destinationIpv6CidrBlock())))
                .count();
    return base.withExistingRoutes(
        nonPod + missingDefaults,
        Optional.ofNullable(Ec2Tags.get(t.tags(), Tags.KUBERNETES_CLUSTER)));
  }

  /**
   * The internet gateway attached to the cluster's existing VPC ({@code spec.networkID}), which
   * kops' Terraform names literally in the public route; empty when the cluster owns its VPC.
   */
  public Optional<String> sharedInternetGateway(AwsCluster cluster) {
    if (!cluster.sharedVpc()) {
      return Optional.empty();
    }
    String vpc = cluster.spec().networkID();
    var gateways =
        retry
            .call(
                "finding the internet gateway of VPC " + vpc + " (spec.networkID)",
                () ->
                    clients
                        .ec2()
                        .describeInternetGateways(
                            r -> r.filters(Ec2Tags.filter("attachment.vpc-id", vpc))))
            .internetGateways();
    if (gateways.isEmpty()) {
      throw new AwsException(
          "the existing VPC "
              + vpc
              + " (spec.networkID) has no internet gateway attached; attach one"
              + " to it, or give every subnet an egress (spec.subnets[].egress)");
    }
    return Optional.of(gateways.get(0).internetGatewayId());
  }

  /**
   * The gateways attached to the cluster's existing VPC that its Terraform names by id, looked up
   * in the cloud (read only) as kops does: the internet gateway, and for an IPv6 cluster the
   * egress-only one (kops makes none in a VPC it does not own). {@link ExistingVpcGateways#NONE}
   * when the cluster owns its VPC; a VPC without them is an error naming the fix.
   */
  public ExistingVpcGateways existingVpcGateways(AwsCluster cluster) {
    if (!cluster.sharedVpc()) {
      return ExistingVpcGateways.NONE;
    }
    Optional<String> egressOnly =
        cluster.spec().isIpv6Only()
            ? Optional.of(
                new Ec2Network(new AwsContext(clients, retry, new LiveIds(), cluster.name()))
                    .egressOnlyGatewayOf(cluster.spec().networkID()))
            : Optional.empty();
    return new ExistingVpcGateways(sharedInternetGateway(cluster), egressOnly);
  }

  public AwsTarget target(String cluster) {
    return new AwsTarget(clients, retry, cluster);
  }

  private Optional<String> zone;

  /**
   * The cluster's Route 53 hosted zone ({@link HostedZones}), looked up once; a zone name that
   * matches none or several is an error naming {@code spec.dnsZone}, raised before anything is
   * changed.
   */
  public Optional<String> hostedZone(AwsCluster cluster) {
    if (zone == null) {
      zone = new HostedZones(clients, retry).resolve(cluster);
    }
    return zone;
  }

  /** The target, listing the API's records in the cluster's zone among what it owns. */
  private AwsTarget target(AwsCluster cluster) {
    return target(cluster.name()).withDnsZone(hostedZone(cluster), DnsRecords.publicName(cluster));
  }

  /** Everything the cluster needs, images resolved and the API's records in its zone. */
  /** The changes that would take the cloud to the cluster's desired state; nothing is changed. */
  public Plan<AwsResource> plan(ClusterBundle bundle, NetworkPlan plan) {
    return plan(bundle, plan, Optional.empty());
  }

  /** The same, with the cluster's admin SSH key imported as kops' key pair. */
  public Plan<AwsResource> plan(
      ClusterBundle bundle, NetworkPlan plan, Optional<SshPublicKey> sshKey) {
    AwsCluster cluster = AwsCluster.of(bundle);
    return Engine.plan(desired(cluster, plan, sshKey), target(cluster));
  }

  /** Plans and applies; a second run finds nothing to do. */
  public Plan<AwsResource> apply(
      ClusterBundle bundle, NetworkPlan plan, ProgressListener listener) {
    return apply(bundle, plan, Optional.empty(), listener);
  }

  /** The same, with the cluster's admin SSH key imported as kops' key pair. */
  public Plan<AwsResource> apply(
      ClusterBundle bundle,
      NetworkPlan plan,
      Optional<SshPublicKey> sshKey,
      ProgressListener listener) {
    AwsCluster cluster = AwsCluster.of(bundle);
    return Engine.converge(desired(cluster, plan, sshKey), target(cluster), listener);
  }

  /**
   * What the direct target converges: the cluster's resources with images resolved, the network
   * load balancers Terraform output writes through {@link LoadBalancerTerraform}, and the API's DNS
   * placeholder records.
   */
  private List<AwsResource> desired(
      AwsCluster cluster, NetworkPlan plan, Optional<SshPublicKey> sshKey) {
    List<AwsResource> out =
        new java.util.ArrayList<>(
            LoadBalancerResources.with(
                cluster, withResolvedImages(AwsResources.build(cluster, plan, sshKey))));
    out.addAll(DnsRecords.build(cluster, hostedZone(cluster), List.copyOf(out)));
    return out;
  }

  /**
   * Launch templates with {@code spec.image} resolved to its AMI id, as kops writes them (a name in
   * ImageId is refused by EC2); the Terraform target keeps the name, having no AWS to ask.
   */
  private List<AwsResource> withResolvedImages(List<AwsResource> resources) {
    AmiResolver amis = new AmiResolver(clients.ec2(), clients::ssm, retry);
    return resources.stream()
        .map(
            r ->
                r instanceof LaunchTemplate lt
                    ? (AwsResource)
                        new LaunchTemplate(
                            lt.name(),
                            lt.instanceGroup(),
                            lt.machineType(),
                            amis.resolve(
                                lt.image(), "spec.image of instance group " + lt.instanceGroup()),
                            lt.securityGroups(),
                            lt.instanceProfile(),
                            lt.associatePublicIp(),
                            lt.sourceDestCheck(),
                            lt.userData(),
                            lt.userDataHash(),
                            lt.keyName(),
                            lt.settings(),
                            lt.tags())
                    : r)
        .toList();
  }

  /**
   * What deleting the cluster would remove: everything it owns, in reverse dependency order, its
   * API's records in its hosted zone included (none when the zone cannot be found any more).
   */
  public Plan<AwsResource> deletePlan(AwsCluster cluster) {
    return Engine.plan(List.of(), targetForDelete(cluster));
  }

  /**
   * Deletes everything the cluster owns, its API's records included; shared resources (an existing
   * VPC or subnet) stay. There is no delete by name alone: without the spec the hosted zone, and so
   * the API's records, cannot be found.
   */
  public Plan<AwsResource> delete(AwsCluster cluster, ProgressListener listener) {
    AwsTarget target = targetForDelete(cluster);
    Plan<AwsResource> plan = Engine.plan(List.of(), target);
    Engine.apply(plan, target, listener);
    return plan;
  }

  private AwsTarget targetForDelete(AwsCluster cluster) {
    Optional<String> z;
    try {
      z = hostedZone(cluster);
    } catch (AwsException e) {
      // A zone deleted or duplicated since the apply: its records cannot be told apart, so they
      // stay (and the rest of the cluster still goes).
      z = Optional.empty();
    }
    return target(cluster.name()).withDnsZone(z, DnsRecords.publicName(cluster));
  }
}
