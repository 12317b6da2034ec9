package dev.jkops.cloud.aws;

import dev.jkops.api.ClusterSubnet;
import dev.jkops.tasks.ResourceId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cluster's network on AWS, from the spec alone: VPC (or the existing one), DHCP options,
 * internet gateway, subnets, the public route table and one per private zone, their routes, and a
 * NAT gateway with its elastic IP per private zone, in that zone's utility subnet.
 */
final class NetworkResources {
  /** The well-known prefix of NAT64 (RFC 6052): DNS64 answers for IPv4-only names fall in it. */
  static final String NAT64_PREFIX = "64:ff9b::/96";

  private final AwsCluster c;
  private final List<AwsResource> out = new ArrayList<>();

  private NetworkResources(AwsCluster c) {
    this.c = c;
  }

  static List<AwsResource> build(AwsCluster c) {
    NetworkResources b = new NetworkResources(c);
    b.addAll();
    return List.copyOf(b.out);
  }

  static Vpc vpc(AwsCluster c) {
    if (c.sharedVpc()) {
      // As kops: an existing VPC is found by its id and never tagged (kops issue 4265), nor is
      // anything else about it changed.
      return new Vpc(
          c.name(),
          c.spec().networkCIDR(),
          false,
          Optional.of(c.spec().networkID()),
          new TreeMap<>());
    }
    return new Vpc(
        c.name(), c.spec().networkCIDR(), true, Optional.empty(), Tags.owned(c.name(), c.name()));
  }

  private void addAll() {
    Vpc vpc = vpc(c);
    out.add(vpc);
    Ref vpcRef = vpc.ref();
    if (!vpc.shared()) {
      DhcpOptions dhcp =
          new DhcpOptions(
              c.name(), DhcpOptions.domainFor(c.region()), Tags.owned(c.name(), c.name()));
      out.add(dhcp);
      out.add(new VpcDhcpOptionsAssociation(c.name(), vpcRef, dhcp.id()));
    }
    // An existing VPC's internet gateway is used as it is: kops neither tags nor changes it.
    InternetGateway igw =
        new InternetGateway(
            c.name(),
            vpcRef,
            vpc.shared(),
            vpc.shared() ? new TreeMap<>() : Tags.owned(c.name(), c.name()));
    out.add(igw);

    List<Subnet> subnets = new ArrayList<>();
    for (ClusterSubnet s : c.subnets()) {
      subnets.add(subnet(s, vpcRef));
    }
    out.addAll(subnets);

    Optional<EgressOnlyInternetGateway> eigw = Optional.empty();
    if (c.spec().isIpv6Only()) {
      // In an existing VPC kops makes no egress-only gateway: it routes through the one attached
      // to that VPC, which must exist.
      eigw =
          Optional.of(
              new EgressOnlyInternetGateway(
                  c.name(),
                  vpcRef,
                  vpc.shared(),
                  vpc.shared() ? new TreeMap<>() : Tags.owned(c.name(), c.name())));
      out.add(eigw.get());
    }

    // As kops: no public table when every subnet exists already (nothing of the cluster's would
    // be associated with it).
    boolean anyPublic = c.subnets().stream().anyMatch(s -> !privatelyRouted(s));
    boolean anyOwned = c.subnets().stream().anyMatch(s -> s.id() == null);
    if (anyPublic && anyOwned) {
      RouteTable publicTable =
          new RouteTable(
              c.name(),
              vpcRef,
              Tags.with(Tags.owned(c.name(), c.name()), Map.of(Tags.KOPS_ROLE, "public")));
      out.add(publicTable);
      Ref igwRef = Ref.to(igw.id());
      out.add(
          new Route(
              "0.0.0.0/0", publicTable.id(), "0.0.0.0/0", Optional.of(igwRef), Optional.empty()));
      // An existing VPC's block is the user's: the route is there when the cluster uses IPv6.
      if (vpc.amazonIpv6() || (vpc.shared() && usesIpv6())) {
        out.add(new Route("::/0", publicTable.id(), "::/0", Optional.of(igwRef), Optional.empty()));
      }
      for (int i = 0; i < c.subnets().size(); i++) {
        ClusterSubnet s = c.subnets().get(i);
        if (!privatelyRouted(s) && s.id() == null) {
          out.add(
              new RouteTableAssociation(c.named(s.name()), publicTable.id(), subnets.get(i).ref()));
        }
      }
    }
    addPrivateZones(vpcRef, subnets, eigw);
  }

  /**
   * Private subnets, and an IPv6 cluster's DualStack ones (kops: its control plane's), reach out
   * through their zone's NAT gateway, not the internet gateway.
   */
  private static boolean privatelyRouted(ClusterSubnet s) {
    return ClusterSubnet.PRIVATE.equals(s.type()) || ClusterSubnet.DUAL_STACK.equals(s.type());
  }

  /** An IPv6 cluster, or one whose subnets take IPv6 blocks. */
  private boolean usesIpv6() {
    return c.spec().isIpv6Only() || c.subnets().stream().anyMatch(s -> s.ipv6CIDR() != null);
  }

  /**
   * A private table, NAT gateway and routes for each zone with a private subnet the cluster makes;
   * as kops, none for a zone whose private subnets all exist already (their routing is the user's).
   */
  private void addPrivateZones(
      Ref vpcRef, List<Subnet> subnets, Optional<EgressOnlyInternetGateway> eigw) {
    Set<String> zones = new LinkedHashSet<>();
    c.subnets().stream()
        .filter(s -> privatelyRouted(s) && s.id() == null)
        .forEach(s -> zones.add(s.zone()));
    for (String zone : zones) {
      String tableName = "private-" + zone;
      RouteTable table =
          new RouteTable(
              c.named(tableName),
              vpcRef,
              Tags.with(
                  Tags.owned(c.name(), c.named(tableName)), Map.of(Tags.KOPS_ROLE, tableName)));
      out.add(table);
      Optional<Route> egress = egressRoute(zone, tableName, table.id(), subnets);
      egress.ifPresent(out::add);
      if (eigw.isPresent()) {
        // IPv6 out through the egress-only gateway; IPv4-only destinations through the zone's NAT
        // gateway, which translates the DNS64 addresses (64:ff9b::/96) kops' subnets resolve them
        // to.
        out.add(
            new Route(
                tableName + "-::/0",
                table.id(),
                "::/0",
                Optional.empty(),
                Optional.empty(),
                Optional.of(Ref.to(eigw.get().id()))));
        egress
            .flatMap(Route::natGateway)
            .ifPresent(
                nat ->
                    out.add(
                        new Route(
                            tableName + "-" + NAT64_PREFIX,
                            table.id(),
                            NAT64_PREFIX,
                            Optional.empty(),
                            Optional.of(nat))));
      }
      for (int i = 0; i < c.subnets().size(); i++) {
        ClusterSubnet s = c.subnets().get(i);
        if (privatelyRouted(s) && zone.equals(s.zone()) && s.id() == null) {
          out.add(
              new RouteTableAssociation(
                  c.named("private-" + s.name()), table.id(), subnets.get(i).ref()));
        }
      }
    }
  }

  /**
   * The private zone's way out: a NAT gateway of its own (the default), an existing one named by
   * {@code egress: nat-...}, or none for {@code egress: External} (the user routes it).
   */
  private Optional<Route> egressRoute(
      String zone, String tableName, ResourceId table, List<Subnet> subnets) {
    String egress =
        c.subnets().stream()
            .filter(s -> privatelyRouted(s) && zone.equals(s.zone()) && s.egress() != null)
            .map(ClusterSubnet::egress)
            .findFirst()
            .orElse(null);
    String routeName = tableName + "-0.0.0.0/0";
    if ("External".equals(egress)) {
      return Optional.empty();
    }
    if (egress != null && egress.startsWith("nat-")) {
      return Optional.of(
          new Route(
              routeName, table, "0.0.0.0/0", Optional.empty(), Optional.of(Ref.existing(egress))));
    }
    if (egress != null) {
      throw new AwsException(
          "spec.subnets egress \""
              + egress
              + "\" in zone "
              + zone
              + " is not supported;"
              + " use an existing NAT gateway id (nat-...), External, or leave it out for a new NAT gateway");
    }
    int utility = -1;
    for (int i = 0; i < c.subnets().size(); i++) {
      ClusterSubnet s = c.subnets().get(i);
      if (zone.equals(s.zone())
          && (ClusterSubnet.UTILITY.equals(s.type()) || ClusterSubnet.PUBLIC.equals(s.type()))) {
        utility = utility < 0 || ClusterSubnet.UTILITY.equals(s.type()) ? i : utility;
      }
    }
    if (utility < 0) {
      throw new AwsException(
          "zone "
              + zone
              + " has a Private subnet but no Utility subnet to hold its NAT"
              + " gateway; add a subnet of type Utility in "
              + zone
              + " to spec.subnets");
    }
    ElasticIp eip = new ElasticIp(c.named(zone), Tags.owned(c.name(), c.named(zone)));
    NatGateway nat =
        new NatGateway(
            c.named(zone),
            subnets.get(utility).ref(),
            eip.id(),
            Tags.owned(c.name(), c.named(zone)));
    out.add(eip);
    out.add(nat);
    return Optional.of(
        new Route(routeName, table, "0.0.0.0/0", Optional.empty(), Optional.of(Ref.to(nat.id()))));
  }

  private Subnet subnet(ClusterSubnet s, Ref vpcRef) {
    String name = c.named(s.name());
    if (s.id() != null) {
      // The spec's IPv6 block is kept so that the live subnet can be checked against it: an
      // existing subnet is never given one or changed (kops refuses the same).
      return new Subnet(
          name,
          vpcRef,
          s.zone(),
          s.cidr(),
          Optional.of(s.id()),
          false,
          Tags.shared(c.name()),
          Optional.ofNullable(s.ipv6CIDR())
              .map(block -> Subnet.Ipv6.asKops(block, s.cidr() == null, false)));
    }
    SortedMap<String, String> tags =
        Tags.with(Tags.owned(c.name(), name), Map.of(Tags.SUBNET_TYPE, s.type()));
    // kops: no load balancer lives in an IPv6-only subnet (it needs IPv4 addresses); an IPv6
    // cluster's internal ones go to its DualStack subnets.
    if (privatelyRouted(s) && !s.isIpv6OnlyPrivate()) {
      tags = Tags.with(tags, Map.of(Tags.ROLE_INTERNAL_ELB, "1"));
    } else if (!privatelyRouted(s)) {
      tags = Tags.with(tags, Map.of(Tags.ROLE_ELB, "1"));
      // With no private subnets the public ones take internal load balancers too (as kops does,
      // so the AWS load balancer controller can place them).
      if (!c.hasPrivateSubnets()) {
        tags = Tags.with(tags, Map.of(Tags.ROLE_INTERNAL_ELB, "1"));
      }
    }
    return new Subnet(
        name,
        vpcRef,
        s.zone(),
        s.cidr(),
        Optional.empty(),
        true,
        tags,
        Optional.ofNullable(s.ipv6CIDR())
            .map(block -> Subnet.Ipv6.asKops(block, s.cidr() == null, true)));
  }
}
