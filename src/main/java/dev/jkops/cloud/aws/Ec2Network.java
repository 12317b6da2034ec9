package dev.jkops.cloud.aws;

import dev.jkops.api.Ipv6Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.HostnameType;
import software.amazon.awssdk.services.ec2.model.NewDhcpConfiguration;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SubnetCidrBlockStateCode;
import software.amazon.awssdk.services.ec2.model.VpcCidrBlockStateCode;

/**
 * Finds, creates and deletes the VPC-level resources: VPC, DHCP options, internet gateways,
 * subnets, and an IPv6 cluster's egress-only gateway and its subnets' IPv6 blocks.
 */
final class Ec2Network {
  private final AwsContext c;

  Ec2Network(AwsContext c) {
    this.c = c;
  }

  Optional<AwsResource> findVpc(Vpc d) {
    if (d.shared()) {
      String id = d.existingId().orElseThrow();
      var vpcs =
          c.retry()
              .call(
                  "finding VPC " + id + " (spec.networkID)",
                  () -> c.ec2().describeVpcs(r -> r.vpcIds(id)))
              .vpcs();
      if (vpcs.isEmpty()) {
        throw new AwsException(
            "spec.networkID " + id + " names no VPC in this region; fix spec.networkID");
      }
      c.ids().putExisting(d.id(), id);
      return Optional.of(
          new Vpc(
              d.name(),
              d.cidr(),
              false,
              d.existingId(),
              Ec2Tags.map(vpcs.get(0).tags(), d.tags().keySet())));
    }
    var vpcs =
        c.retry()
            .call(
                "finding VPC " + d.name(),
                () -> c.ec2().describeVpcs(r -> r.filters(Ec2Tags.named(c.cluster(), d.name()))))
            .vpcs();
    return vpcs.stream()
        .findFirst()
        .map(
            v -> {
              c.ids().put(d.id(), v.vpcId());
              return vpc(v, d.tags().keySet());
            });
  }

  Vpc vpc(software.amazon.awssdk.services.ec2.model.Vpc v, Set<String> keys) {
    // An Amazon block being associated counts: AWS is already giving it (a block taken away or
    // whose association failed does not).
    boolean amazonIpv6 =
        v.ipv6CidrBlockAssociationSet().stream()
            .anyMatch(
                a ->
                    a.ipv6CidrBlockState() != null
                        && (a.ipv6CidrBlockState().state() == VpcCidrBlockStateCode.ASSOCIATED
                            || a.ipv6CidrBlockState().state()
                                == VpcCidrBlockStateCode.ASSOCIATING));
    return new Vpc(
        Ec2Tags.get(v.tags(), Tags.NAME),
        v.cidrBlock(),
        amazonIpv6,
        Optional.empty(),
        Ec2Tags.map(v.tags(), keys));
  }

  /**
   * Asks AWS for an Amazon-provided IPv6 block for a VPC found without one (kops' VPCs have one
   * from CreateVpc on; this one lost it or was made before).
   */
  void associateAmazonIpv6(Vpc d) {
    String id = c.ids().require(d.id());
    c.retry()
        .run(
            "asking AWS for an IPv6 block for VPC " + d.name(),
            () ->
                c.ec2().associateVpcCidrBlock(r -> r.vpcId(id).amazonProvidedIpv6CidrBlock(true)));
  }

  /**
   * The IPv6 block AWS gave the VPC, once its association is complete (a few seconds after
   * CreateVpc or AssociateVpcCidrBlock it is still {@code associating} and has no block yet). Of
   * several, the Amazon-provided one, else the first (a block from the user's own pool), as kops
   * picks. A VPC with no block at all, associated or coming, is an error naming what to do.
   *
   * @param existingVpc the VPC is the spec's {@code networkID}: jkops may not give it a block
   */
  Ipv6Cidr vpcIpv6Block(String vpcId, boolean existingVpc, String forWhat) {
    return c.retry()
        .await(
            "the IPv6 block of VPC " + vpcId + " (for " + forWhat + ")",
            () -> {
              var v =
                  c.retry()
                      .callAfterCreate(
                          "reading VPC " + vpcId, () -> c.ec2().describeVpcs(r -> r.vpcIds(vpcId)))
                      .vpcs()
                      .get(0);
              boolean coming = false;
              Optional<Ipv6Cidr> own = Optional.empty();
              for (var a : v.ipv6CidrBlockAssociationSet()) {
                var state = a.ipv6CidrBlockState() == null ? null : a.ipv6CidrBlockState().state();
                if (state == VpcCidrBlockStateCode.ASSOCIATED
                    && a.ipv6CidrBlock() != null
                    && !a.ipv6CidrBlock().isBlank()) {
                  Ipv6Cidr block = Ipv6Cidr.parse(a.ipv6CidrBlock());
                  if (AMAZON_POOL.equals(a.ipv6Pool())) {
                    return Optional.of(block);
                  }
                  own = own.or(() -> Optional.of(block));
                }
                coming |= state == VpcCidrBlockStateCode.ASSOCIATING;
              }
              if (own.isPresent()) {
                return own;
              }
              if (!coming) {
                throw noIpv6Block(vpcId, existingVpc, forWhat);
              }
              return Optional.empty();
            });
  }

  /** EC2's name of the pool its own (Amazon-provided) IPv6 blocks come from. */
  static final String AMAZON_POOL = "Amazon";

  private static AwsException noIpv6Block(String vpcId, boolean existingVpc, String forWhat) {
    String associate =
        "'aws ec2 associate-vpc-cidr-block --amazon-provided-ipv6-cidr-block --vpc-id "
            + vpcId
            + "'";
    if (existingVpc) {
      // kops' words for the same case: "IPv6 CIDR block provided by Amazon not found".
      return new AwsException(
          "the existing VPC "
              + vpcId
              + " (spec.networkID) has no IPv6 CIDR block, which "
              + forWhat
              + " is carved from; jkops does not change a VPC it does not own: give it one ("
              + associate
              + ") and rerun, or drop ipv6CIDR from spec.subnets");
    }
    return new AwsException(
        "VPC "
            + vpcId
            + " has no IPv6 block, which "
            + forWhat
            + " is carved from; give it one ("
            + associate
            + "), or drop ipv6CIDR from spec.subnets");
  }

  void createVpc(Vpc d) {
    String id =
        c.retry()
            .call(
                "creating VPC " + d.name(),
                () ->
                    c.ec2()
                        .createVpc(
                            r ->
                                r.cidrBlock(d.cidr())
                                    .amazonProvidedIpv6CidrBlock(d.amazonIpv6())
                                    .tagSpecifications(Ec2Tags.spec(ResourceType.VPC, d.tags()))))
            .vpc()
            .vpcId();
    c.ids().put(d.id(), id);
    c.retry()
        .runAfterCreate(
            "enabling DNS support on VPC " + d.name(),
            () ->
                c.ec2()
                    .modifyVpcAttribute(
                        r ->
                            r.vpcId(id)
                                .enableDnsSupport(
                                    AttributeBooleanValue.builder().value(true).build())));
    c.retry()
        .runAfterCreate(
            "enabling DNS hostnames on VPC " + d.name(),
            () ->
                c.ec2()
                    .modifyVpcAttribute(
                        r ->
                            r.vpcId(id)
                                .enableDnsHostnames(
                                    AttributeBooleanValue.builder().value(true).build())));
  }

  Optional<AwsResource> findDhcp(DhcpOptions d) {
    var all =
        c.retry()
            .call(
                "finding DHCP options " + d.name(),
                () ->
                    c.ec2()
                        .describeDhcpOptions(r -> r.filters(Ec2Tags.named(c.cluster(), d.name()))))
            .dhcpOptions();
    return all.stream()
        .findFirst()
        .map(
            o -> {
              c.ids().put(d.id(), o.dhcpOptionsId());
              return dhcp(o, d.tags().keySet());
            });
  }

  DhcpOptions dhcp(software.amazon.awssdk.services.ec2.model.DhcpOptions o, Set<String> keys) {
    String domain =
        o.dhcpConfigurations().stream()
            .filter(x -> "domain-name".equals(x.key()))
            .flatMap(x -> x.values().stream())
            .map(v -> v.value())
            .findFirst()
            .orElse("");
    return new DhcpOptions(Ec2Tags.get(o.tags(), Tags.NAME), domain, Ec2Tags.map(o.tags(), keys));
  }

  void createDhcp(DhcpOptions d) {
    String id =
        c.retry()
            .call(
                "creating DHCP options " + d.name(),
                () ->
                    c.ec2()
                        .createDhcpOptions(
                            r ->
                                r.dhcpConfigurations(
                                        NewDhcpConfiguration.builder()
                                            .key("domain-name")
                                            .values(d.domainName())
                                            .build(),
                                        NewDhcpConfiguration.builder()
                                            .key("domain-name-servers")
                                            .values(DhcpOptions.AMAZON_DNS)
                                            .build())
                                    .tagSpecifications(
                                        Ec2Tags.spec(ResourceType.DHCP_OPTIONS, d.tags()))))
            .dhcpOptions()
            .dhcpOptionsId();
    c.ids().put(d.id(), id);
  }

  Optional<AwsResource> findDhcpAssociation(VpcDhcpOptionsAssociation d) {
    Optional<String> vpcId =
        d.vpc() instanceof Ref.Existing e
            ? Optional.of(e.awsId())
            : c.ids().awsId(((Ref.Managed) d.vpc()).id());
    if (vpcId.isEmpty()) {
      return Optional.empty();
    }
    var vpcs =
        c.retry()
            .call(
                "reading VPC " + vpcId.get(),
                () -> c.ec2().describeVpcs(r -> r.vpcIds(vpcId.get())))
            .vpcs();
    return vpcs.stream()
        .findFirst()
        .flatMap(v -> c.ids().name(v.dhcpOptionsId()))
        .map(dhcp -> new VpcDhcpOptionsAssociation(d.name(), d.vpc(), dhcp));
  }

  void associateDhcp(VpcDhcpOptionsAssociation d) {
    c.retry()
        .runAfterCreate(
            "associating DHCP options with VPC",
            () ->
                c.ec2()
                    .associateDhcpOptions(
                        r ->
                            r.vpcId(c.ids().resolve(d.vpc()))
                                .dhcpOptionsId(c.ids().require(d.dhcpOptions()))));
  }

  Optional<AwsResource> findIgw(InternetGateway d) {
    var filters =
        d.shared()
            ? List.of(Ec2Tags.filter("attachment.vpc-id", c.ids().resolve(d.vpc())))
            : Ec2Tags.named(c.cluster(), d.name());
    var all =
        c.retry()
            .call(
                "finding internet gateway " + d.name(),
                () -> c.ec2().describeInternetGateways(r -> r.filters(filters)))
            .internetGateways();
    if (all.isEmpty() && d.shared()) {
      throw new AwsException(
          "the existing VPC "
              + c.ids().resolve(d.vpc())
              + " has no internet gateway attached;"
              + " attach one, or use subnets with egress set");
    }
    return all.stream()
        .findFirst()
        .map(
            g -> {
              c.ids().put(d.id(), g.internetGatewayId());
              return igw(g, d.shared(), d.tags().keySet());
            });
  }

  InternetGateway igw(
      software.amazon.awssdk.services.ec2.model.InternetGateway g,
      boolean shared,
      Set<String> keys) {
    Ref vpc =
        g.attachments().isEmpty()
            ? Ref.existing("none")
            : c.ids().ref(g.attachments().get(0).vpcId());
    String name = shared ? c.cluster() : Ec2Tags.get(g.tags(), Tags.NAME);
    return new InternetGateway(name, vpc, shared, Ec2Tags.map(g.tags(), keys));
  }

  void createIgw(InternetGateway d) {
    String id =
        c.retry()
            .call(
                "creating internet gateway " + d.name(),
                () ->
                    c.ec2()
                        .createInternetGateway(
                            r ->
                                r.tagSpecifications(
                                    Ec2Tags.spec(ResourceType.INTERNET_GATEWAY, d.tags()))))
            .internetGateway()
            .internetGatewayId();
    c.ids().put(d.id(), id);
    c.retry()
        .runAfterCreate(
            "attaching internet gateway " + d.name(),
            () ->
                c.ec2()
                    .attachInternetGateway(
                        r -> r.internetGatewayId(id).vpcId(c.ids().resolve(d.vpc()))));
  }

  Optional<AwsResource> findEgressOnlyGateway(EgressOnlyInternetGateway d) {
    if (d.shared()) {
      return Optional.of(existingEgressOnlyGateway(d));
    }
    var all =
        c.retry()
            .call(
                "finding egress-only internet gateway " + d.name(),
                () ->
                    c.ec2()
                        .describeEgressOnlyInternetGateways(
                            r -> r.filters(Ec2Tags.named(c.cluster(), d.name()))))
            .egressOnlyInternetGateways();
    return all.stream()
        .filter(Ec2Network::attached)
        .findFirst()
        .map(
            g -> {
              c.ids().put(d.id(), g.egressOnlyInternetGatewayId());
              return egressOnlyGateway(g, d.tags().keySet());
            });
  }

  /**
   * The egress-only gateway attached to the existing VPC, used as it is (kops makes none there).
   * EC2 documents only tag filters for DescribeEgressOnlyInternetGateways, so the gateways are
   * listed and their attachments matched here. None, or several (which one to route through would
   * be a guess), is refused before anything is changed.
   */
  private EgressOnlyInternetGateway existingEgressOnlyGateway(EgressOnlyInternetGateway d) {
    c.ids().put(d.id(), egressOnlyGatewayOf(c.ids().resolve(d.vpc())));
    return new EgressOnlyInternetGateway(d.name(), d.vpc(), true, new java.util.TreeMap<>());
  }

  /** The id of the one egress-only gateway attached to the existing VPC {@code vpcId}. */
  String egressOnlyGatewayOf(String vpcId) {
    List<String> attached = new ArrayList<>();
    String token = null;
    do {
      String page = token;
      var answer =
          c.retry()
              .call(
                  "finding the egress-only internet gateway of VPC " + vpcId + " (spec.networkID)",
                  () ->
                      c.ec2()
                          .describeEgressOnlyInternetGateways(
                              r -> r.nextToken(page).maxResults(255)));
      answer.egressOnlyInternetGateways().stream()
          .filter(Ec2Network::attached)
          .filter(g -> g.attachments().stream().anyMatch(a -> vpcId.equals(a.vpcId())))
          .forEach(g -> attached.add(g.egressOnlyInternetGatewayId()));
      token = answer.nextToken();
    } while (token != null && !token.isEmpty());
    if (attached.size() != 1) {
      throw new AwsException(
          "the existing VPC "
              + vpcId
              + " (spec.networkID) has "
              + (attached.isEmpty() ? "no" : attached.size() + " (" + attached + ")")
              + " egress-only internet gateways attached; an IPv6 cluster routes its private"
              + " subnets' IPv6 traffic (::/0) through the one attached to its VPC, and jkops, as"
              + " kops, makes none in a VPC it does not own: "
              + (attached.isEmpty()
                  ? "create one ('aws ec2 create-egress-only-internet-gateway --vpc-id "
                      + vpcId
                      + "') and rerun"
                  : "delete all but one and rerun"));
    }
    return attached.get(0);
  }

  /** A gateway being deleted is still listed for a while, detached: it is gone for jkops. */
  static boolean attached(software.amazon.awssdk.services.ec2.model.EgressOnlyInternetGateway g) {
    return g.attachments().stream()
        .anyMatch(
            a ->
                a.state() == software.amazon.awssdk.services.ec2.model.AttachmentStatus.ATTACHED
                    || a.state()
                        == software.amazon.awssdk.services.ec2.model.AttachmentStatus.ATTACHING);
  }

  EgressOnlyInternetGateway egressOnlyGateway(
      software.amazon.awssdk.services.ec2.model.EgressOnlyInternetGateway g, Set<String> keys) {
    Ref vpc =
        g.attachments().isEmpty()
            ? Ref.existing("none")
            : c.ids().ref(g.attachments().get(0).vpcId());
    return new EgressOnlyInternetGateway(
        Ec2Tags.get(g.tags(), Tags.NAME), vpc, Ec2Tags.map(g.tags(), keys));
  }

  /** Made attached to its VPC and tagged in one call, so no run leaves one half made. */
  void createEgressOnlyGateway(EgressOnlyInternetGateway d) {
    String id =
        c.retry()
            .callAfterCreate(
                "creating egress-only internet gateway " + d.name(),
                () ->
                    c.ec2()
                        .createEgressOnlyInternetGateway(
                            r ->
                                r.vpcId(c.ids().resolve(d.vpc()))
                                    .tagSpecifications(
                                        Ec2Tags.spec(
                                            ResourceType.EGRESS_ONLY_INTERNET_GATEWAY, d.tags()))))
            .egressOnlyInternetGateway()
            .egressOnlyInternetGatewayId();
    c.ids().put(d.id(), id);
  }

  Optional<AwsResource> findSubnet(Subnet d) {
    var filters =
        d.shared()
            ? List.of(Ec2Tags.filter("subnet-id", d.existingId().get()))
            : Ec2Tags.named(c.cluster(), d.name());
    var all =
        c.retry()
            .call(
                "finding subnet " + d.name(),
                () -> c.ec2().describeSubnets(r -> r.filters(filters)))
            .subnets();
    if (all.isEmpty() && d.shared()) {
      throw new AwsException(
          "spec.subnets id "
              + d.existingId().get()
              + " names no subnet in this region; fix the subnet's id");
    }
    if (all.isEmpty() && d.ipv6().isPresent() && d.vpc() instanceof Ref.Existing vpc) {
      // A subnet to be made in an existing VPC: its block is carved from that VPC's, so a VPC
      // without one (or a block that does not fit it) is refused now, before anything is made.
      ipv6Block(vpc.awsId(), d, d.ipv6().get().cidr());
    }
    return all.stream()
        .findFirst()
        .map(
            s -> {
              if (d.shared()) {
                c.ids().putExisting(d.id(), s.subnetId());
                d.ipv6().ifPresent(v6 -> checkExistingIpv6(s, d, v6.cidr()));
                return new Subnet(
                    d.name(),
                    d.vpc(),
                    d.zone(),
                    d.cidr(),
                    d.existingId(),
                    false,
                    Ec2Tags.map(s.tags(), d.tags().keySet()),
                    d.ipv6());
              }
              c.ids().put(d.id(), s.subnetId());
              return asSpecified(subnet(s, d.tags().keySet()), d, s.vpcId());
            });
  }

  /**
   * An existing subnet ({@code id} in the spec) whose spec gives an {@code ipv6CIDR} must have that
   * block already: jkops, as kops, never gives an existing subnet a block or changes it (kops:
   * "field cannot be set on shared subnet", and the block is immutable).
   */
  private void checkExistingIpv6(
      software.amazon.awssdk.services.ec2.model.Subnet live, Subnet d, String wanted) {
    String id = d.existingId().orElseThrow();
    Optional<String> block =
        live.ipv6CidrBlockAssociationSet().stream()
            .filter(
                a ->
                    a.ipv6CidrBlockState() != null
                        && a.ipv6CidrBlockState().state() == SubnetCidrBlockStateCode.ASSOCIATED)
            .map(a -> a.ipv6CidrBlock())
            .findFirst();
    String where =
        "spec.subnets ipv6CIDR " + wanted + " of subnet " + d.name() + " (id " + id + ")";
    if (block.isEmpty()) {
      throw new AwsException(
          where
              + ": the existing subnet has no IPv6 block, and jkops does not change a subnet it"
              + " does not own; give it one ('aws ec2 associate-subnet-cidr-block --subnet-id "
              + id
              + " --ipv6-cidr-block <a /64 of the VPC's block>') and rerun, or remove ipv6CIDR"
              + " from that subnet");
    }
    Ipv6Cidr have = Ipv6Cidr.parse(block.get());
    Ipv6Cidr want =
        Ipv6Cidr.isRelative(wanted)
            ? Ipv6Cidr.parseRelative(wanted)
                .within(vpcIpv6Block(live.vpcId(), true, "subnet " + d.name()))
            : Ipv6Cidr.parse(wanted);
    if (!have.equals(want)) {
      throw new AwsException(
          where
              + " is "
              + want
              + ", but the existing subnet's block is "
              + have
              + "; jkops does not change a subnet it does not own: write ipv6CIDR: "
              + have
              + " in the spec");
    }
  }

  /**
   * The live subnet with its IPv6 block written as the spec writes it: a {@code /64#N} block the
   * live one is (carved from the VPC's block) reads as {@code /64#N}, so it compares equal; any
   * other block stays literal and shows as the difference it is.
   */
  private Subnet asSpecified(Subnet live, Subnet d, String vpcId) {
    if (live.ipv6().isEmpty()
        || d.ipv6().isEmpty()
        || !Ipv6Cidr.isRelative(d.ipv6().get().cidr())) {
      return live;
    }
    Subnet.Ipv6 v6 = live.ipv6().get();
    String wanted = d.ipv6().get().cidr();
    Ipv6Cidr carved =
        Ipv6Cidr.parseRelative(wanted)
            .within(vpcIpv6Block(vpcId, d.vpc() instanceof Ref.Existing, "subnet " + d.name()));
    if (!carved.equals(Ipv6Cidr.parse(v6.cidr()))) {
      return live;
    }
    return new Subnet(
        live.name(),
        live.vpc(),
        live.zone(),
        live.cidr(),
        live.existingId(),
        live.resourceNameDns(),
        live.tags(),
        Optional.of(new Subnet.Ipv6(wanted, v6.assignOnCreation(), v6.dns64(), v6.aaaaRecords())));
  }

  Subnet subnet(software.amazon.awssdk.services.ec2.model.Subnet s, Set<String> keys) {
    var names = s.privateDnsNameOptionsOnLaunch();
    // Resource-name hostnames, with A records where the subnet has IPv4 (an IPv6-only one has
    // none to publish).
    boolean dns =
        names != null
            && names.hostnameType() == HostnameType.RESOURCE_NAME
            && (s.cidrBlock() == null || Boolean.TRUE.equals(names.enableResourceNameDnsARecord()));
    Optional<Subnet.Ipv6> v6 =
        s.ipv6CidrBlockAssociationSet().stream()
            .filter(
                a ->
                    a.ipv6CidrBlockState() != null
                        && (a.ipv6CidrBlockState().state() == SubnetCidrBlockStateCode.ASSOCIATED
                            || a.ipv6CidrBlockState().state()
                                == SubnetCidrBlockStateCode.ASSOCIATING))
            .findFirst()
            .map(
                a ->
                    new Subnet.Ipv6(
                        a.ipv6CidrBlock(),
                        Boolean.TRUE.equals(s.assignIpv6AddressOnCreation()),
                        Boolean.TRUE.equals(s.enableDns64()),
                        names != null
                            && Boolean.TRUE.equals(names.enableResourceNameDnsAAAARecord())));
    return new Subnet(
        Ec2Tags.get(s.tags(), Tags.NAME),
        c.ids().ref(s.vpcId()),
        s.availabilityZone(),
        s.cidrBlock(),
        Optional.empty(),
        dns,
        Ec2Tags.map(s.tags(), keys),
        v6);
  }

  /**
   * Makes the subnet with its IPv4 range and its IPv6 block in one call (an IPv6-only one is {@code
   * Ipv6Native}: it can never get an IPv4 range), then sets how its instances are named and
   * addressed, one {@code ModifySubnetAttribute} per setting, as AWS takes them.
   */
  void createSubnet(Subnet d) {
    String vpcId = c.ids().resolve(d.vpc());
    String ipv6Block = d.ipv6().map(v6 -> ipv6Block(vpcId, d, v6.cidr())).orElse(null);
    String id =
        c.retry()
            .call(
                "creating subnet " + d.name(),
                () ->
                    c.ec2()
                        .createSubnet(
                            r ->
                                r.vpcId(vpcId)
                                    .cidrBlock(d.cidr())
                                    .ipv6CidrBlock(ipv6Block)
                                    .ipv6Native(d.ipv6Only() ? Boolean.TRUE : null)
                                    .availabilityZone(d.zone())
                                    .tagSpecifications(
                                        Ec2Tags.spec(ResourceType.SUBNET, d.tags()))))
            .subnet()
            .subnetId();
    c.ids().put(d.id(), id);
    if (d.resourceNameDns()) {
      setResourceNameDns(id, d);
    }
    d.ipv6()
        .ifPresent(
            v6 -> {
              if (v6.assignOnCreation()) {
                setAssignIpv6(id, d);
              }
              if (v6.dns64()) {
                setDns64(id, d);
              }
              if (v6.aaaaRecords()) {
                setAaaaRecords(id, d);
              }
            });
  }

  /**
   * The subnet's IPv6 block as AWS takes it: kops' {@code /64#N} carved from the block AWS gave the
   * VPC; a literal block as written, which must lie inside the VPC's block (AWS refuses any other).
   */
  private String ipv6Block(String vpcId, Subnet d, String spec) {
    Ipv6Cidr vpcBlock = vpcIpv6Block(vpcId, d.vpc() instanceof Ref.Existing, "subnet " + d.name());
    if (Ipv6Cidr.isRelative(spec)) {
      try {
        return Ipv6Cidr.parseRelative(spec).within(vpcBlock).toString();
      } catch (IllegalArgumentException e) {
        throw new AwsException(
            "spec.subnets ipv6CIDR \""
                + spec
                + "\" of subnet "
                + d.name()
                + " does not fit the VPC's IPv6 block "
                + vpcBlock
                + ": "
                + e.getMessage()
                + "; pick a smaller index",
            e);
      }
    }
    Ipv6Cidr literal = Ipv6Cidr.parse(spec);
    if (!vpcBlock.contains(literal)) {
      throw new AwsException(
          "spec.subnets ipv6CIDR "
              + spec
              + " of subnet "
              + d.name()
              + " is outside the IPv6 block AWS gave the VPC ("
              + vpcBlock
              + "); write it as /64#N (the N-th /64 of that block, N in hexadecimal) or as a /64"
              + " inside it");
    }
    return literal.toString();
  }

  /**
   * Changes what can change in place: the hostname settings, a first IPv6 block (an IPv4 subnet
   * given an {@code ipv6CIDR}), and each IPv6 setting; the caller has refused the rest.
   */
  void updateSubnet(String id, Subnet live, Subnet d, Set<String> fields) {
    if (fields.contains("ResourceNameDNS")) {
      setResourceNameDns(id, d);
    }
    if (fields.contains("IPv6CIDR") && live.ipv6().isEmpty() && d.ipv6().isPresent()) {
      String block = ipv6Block(c.ids().resolve(d.vpc()), d, d.ipv6().get().cidr());
      c.retry()
          .run(
              "giving subnet " + d.name() + " the IPv6 block " + block,
              () -> c.ec2().associateSubnetCidrBlock(r -> r.subnetId(id).ipv6CidrBlock(block)));
    }
    Subnet.Ipv6 was = live.ipv6().orElse(new Subnet.Ipv6("", false, false, false));
    d.ipv6()
        .ifPresent(
            v6 -> {
              if (v6.assignOnCreation() != was.assignOnCreation()) {
                setAssignIpv6(id, d);
              }
              if (v6.dns64() != was.dns64()) {
                setDns64(id, d);
              }
              if (v6.aaaaRecords() != was.aaaaRecords()) {
                setAaaaRecords(id, d);
              }
            });
  }

  /** True when AWS can take the subnet from {@code live} to {@code d} without replacing it. */
  static boolean changeableInPlace(Subnet live, Subnet d, Set<String> fields) {
    if (!Subnet.CHANGEABLE.containsAll(fields)) {
      return false;
    }
    // A block is added to a subnet that has none; one it has is never swapped or taken away.
    return !fields.contains("IPv6CIDR") || (live.ipv6().isEmpty() && d.ipv6().isPresent());
  }

  private void setAssignIpv6(String id, Subnet d) {
    boolean on = d.ipv6().map(Subnet.Ipv6::assignOnCreation).orElse(false);
    c.retry()
        .runAfterCreate(
            (on ? "enabling" : "disabling") + " IPv6 addresses on launch in subnet " + d.name(),
            () ->
                c.ec2()
                    .modifySubnetAttribute(
                        r ->
                            r.subnetId(id)
                                .assignIpv6AddressOnCreation(
                                    AttributeBooleanValue.builder().value(on).build())));
  }

  private void setDns64(String id, Subnet d) {
    boolean on = d.ipv6().map(Subnet.Ipv6::dns64).orElse(false);
    c.retry()
        .runAfterCreate(
            (on ? "enabling" : "disabling") + " DNS64 in subnet " + d.name(),
            () ->
                c.ec2()
                    .modifySubnetAttribute(
                        r ->
                            r.subnetId(id)
                                .enableDns64(AttributeBooleanValue.builder().value(on).build())));
  }

  private void setAaaaRecords(String id, Subnet d) {
    boolean on = d.ipv6().map(Subnet.Ipv6::aaaaRecords).orElse(false);
    c.retry()
        .runAfterCreate(
            (on ? "enabling" : "disabling") + " DNS AAAA records on subnet " + d.name(),
            () ->
                c.ec2()
                    .modifySubnetAttribute(
                        r ->
                            r.subnetId(id)
                                .enableResourceNameDnsAAAARecordOnLaunch(
                                    AttributeBooleanValue.builder().value(on).build())));
  }

  /**
   * Sets how the subnet names its instances: resource-name hostnames with DNS A records, or AWS'
   * IP-based names. Two calls after the subnet exists, so a run cut short between them leaves a
   * subnet whose setting differs; the next run sets it here in place rather than refusing.
   */
  void setResourceNameDns(String id, Subnet d) {
    boolean on = d.resourceNameDns();
    c.retry()
        .runAfterCreate(
            "setting " + (on ? "resource-name" : "IP-name") + " hostnames on subnet " + d.name(),
            () ->
                c.ec2()
                    .modifySubnetAttribute(
                        r ->
                            r.subnetId(id)
                                .privateDnsHostnameTypeOnLaunch(
                                    on ? HostnameType.RESOURCE_NAME : HostnameType.IP_NAME)));
    if (d.cidr() == null) {
      return; // an IPv6-only subnet has no IPv4 addresses to publish A records of
    }
    c.retry()
        .runAfterCreate(
            (on ? "enabling" : "disabling") + " DNS A records on subnet " + d.name(),
            () ->
                c.ec2()
                    .modifySubnetAttribute(
                        r ->
                            r.subnetId(id)
                                .enableResourceNameDnsARecordOnLaunch(
                                    AttributeBooleanValue.builder().value(on).build())));
  }

  Optional<AwsResource> findEip(ElasticIp d) {
    var all =
        c.retry()
            .call(
                "finding elastic IP " + d.name(),
                () ->
                    c.ec2().describeAddresses(r -> r.filters(Ec2Tags.named(c.cluster(), d.name()))))
            .addresses();
    return all.stream()
        .findFirst()
        .map(
            a -> {
              c.ids().put(d.id(), a.allocationId());
              return new ElasticIp(d.name(), Ec2Tags.map(a.tags(), d.tags().keySet()));
            });
  }

  void createEip(ElasticIp d) {
    String id =
        c.retry()
            .call(
                "allocating elastic IP " + d.name(),
                () ->
                    c.ec2()
                        .allocateAddress(
                            r ->
                                r.domain(DomainType.VPC)
                                    .tagSpecifications(
                                        Ec2Tags.spec(ResourceType.ELASTIC_IP, d.tags()))))
            .allocationId();
    c.ids().put(d.id(), id);
  }

  Optional<AwsResource> findNat(NatGateway d) {
    var all =
        c.retry()
            .call(
                "finding NAT gateway " + d.name(),
                () ->
                    c.ec2()
                        .describeNatGateways(
                            r ->
                                r.filter(
                                    concat(
                                        Ec2Tags.named(c.cluster(), d.name()),
                                        Ec2Tags.filter("state", "pending", "available")))))
            .natGateways();
    return all.stream()
        .findFirst()
        .map(
            n -> {
              c.ids().put(d.id(), n.natGatewayId());
              return nat(n, d.tags().keySet());
            });
  }

  NatGateway nat(software.amazon.awssdk.services.ec2.model.NatGateway n, Set<String> keys) {
    String alloc =
        n.natGatewayAddresses().isEmpty() ? "" : n.natGatewayAddresses().get(0).allocationId();
    return new NatGateway(
        Ec2Tags.get(n.tags(), Tags.NAME),
        c.ids().ref(n.subnetId()),
        c.ids().name(alloc).orElse(ElasticIp.idOf(alloc)),
        Ec2Tags.map(n.tags(), keys));
  }

  void createNat(NatGateway d) {
    String id =
        c.retry()
            .callAfterCreate(
                "creating NAT gateway " + d.name(),
                () ->
                    c.ec2()
                        .createNatGateway(
                            r ->
                                r.subnetId(c.ids().resolve(d.subnet()))
                                    .allocationId(c.ids().require(d.elasticIp()))
                                    .tagSpecifications(
                                        Ec2Tags.spec(ResourceType.NATGATEWAY, d.tags()))))
            .natGateway()
            .natGatewayId();
    c.ids().put(d.id(), id);
  }

  static <T> List<T> concat(List<T> a, T b) {
    List<T> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }
}
