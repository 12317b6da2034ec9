package dev.jkops.cloud.aws.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.*;

/**
 * EC2 for the VPC-level resources; routing, security groups and launch templates are in the parts
 * below.
 */
public final class FakeEc2 implements Ec2Client {
  final FakeAws aws;
  final Map<String, Vpc> vpcs = new LinkedHashMap<>();
  final Map<String, DhcpOptions> dhcp = new LinkedHashMap<>();
  final Map<String, InternetGateway> igws = new LinkedHashMap<>();
  final Map<String, Subnet> subnets = new LinkedHashMap<>();
  final Map<String, Address> addresses = new LinkedHashMap<>();
  final Map<String, NatGateway> nats = new LinkedHashMap<>();
  final FakeEc2Routing routing;
  final FakeEc2Security security;
  final FakeEc2Templates templates;
  final FakeEc2Nat nat = new FakeEc2Nat(this);
  final FakeEc2Dhcp dhcpOptions = new FakeEc2Dhcp(this);
  final FakeEc2Ipv6 ipv6 = new FakeEc2Ipv6(this);
  public final FakeEc2Volumes volumes = new FakeEc2Volumes(this);
  final FakeEc2KeyPairs keyPairs = new FakeEc2KeyPairs(this);

  FakeEc2(FakeAws aws) {
    this.aws = aws;
    this.routing = new FakeEc2Routing(this);
    this.security = new FakeEc2Security(this);
    this.templates = new FakeEc2Templates(this);
  }

  public Map<String, Vpc> vpcs() {
    return vpcs;
  }

  public Map<String, Subnet> subnets() {
    return subnets;
  }

  public Map<String, RouteTable> routeTables() {
    return routing.tables;
  }

  public FakeEc2Routing routing() {
    return routing;
  }

  public Map<String, SecurityGroup> securityGroups() {
    return security.groups;
  }

  public java.util.Collection<SecurityGroupRule> securityGroupRules() {
    return security.rules.values();
  }

  /** The imported key pairs by id. */
  public Map<String, KeyPairInfo> keyPairs() {
    return keyPairs.keyPairs;
  }

  /** The default version's data of the launch template of this name. */
  public ResponseLaunchTemplateData launchTemplateData(String name) {
    LaunchTemplate t = templates.named(name).orElseThrow();
    return templates
        .versions
        .get(t.launchTemplateId())
        .get((int) (long) t.defaultVersionNumber() - 1);
  }

  public Map<String, NatGateway> natGateways() {
    return nats;
  }

  public Map<String, EgressOnlyInternetGateway> egressOnlyGateways() {
    return ipv6.egressOnly;
  }

  /**
   * Where AWS' Amazon-provided IPv6 blocks come from: the first VPC given one gets {@code block} (a
   * /56), the next the /56 after it.
   */
  public FakeEc2 amazonIpv6Blocks(String block) {
    ipv6.amazonPool(block);
    return this;
  }

  /** Adds a VPC someone else made (a user's existing VPC), with an internet gateway attached. */
  public String existingVpc(String cidr) {
    String id = aws.id("vpc");
    vpcs.put(id, Vpc.builder().vpcId(id).cidrBlock(cidr).dhcpOptionsId("default").build());
    String igw = aws.id("igw");
    igws.put(
        igw,
        InternetGateway.builder()
            .internetGatewayId(igw)
            .attachments(InternetGatewayAttachment.builder().vpcId(id).state("available").build())
            .build());
    return id;
  }

  /**
   * Gives a user's existing VPC an IPv6 block already associated, from {@code pool} ({@code
   * Amazon}, or the id of the user's own pool).
   */
  public FakeEc2 existingIpv6Block(String vpcId, String block, String pool) {
    Vpc v = vpcs.get(vpcId);
    List<VpcIpv6CidrBlockAssociation> as = new ArrayList<>(v.ipv6CidrBlockAssociationSet());
    as.add(
        VpcIpv6CidrBlockAssociation.builder()
            .associationId(aws.id("vpc-cidr-assoc"))
            .ipv6CidrBlock(block)
            .ipv6Pool(pool)
            .ipv6CidrBlockState(s -> s.state(VpcCidrBlockStateCode.ASSOCIATED))
            .build());
    vpcs.put(vpcId, v.toBuilder().ipv6CidrBlockAssociationSet(as).build());
    return this;
  }

  /** Adds an egress-only internet gateway someone else attached to {@code vpcId}, untagged. */
  public String existingEgressOnlyGateway(String vpcId) {
    String id = aws.id("eigw");
    ipv6.egressOnly.put(
        id,
        EgressOnlyInternetGateway.builder()
            .egressOnlyInternetGatewayId(id)
            .attachments(
                InternetGatewayAttachment.builder()
                    .vpcId(vpcId)
                    .state(AttachmentStatus.ATTACHED)
                    .build())
            .build());
    return id;
  }

  /**
   * Adds a subnet someone else made in {@code vpcId}, untagged, with IPv6 block {@code ipv6} (null
   * for none) and AWS' defaults otherwise.
   */
  public String existingSubnet(String vpcId, String zone, String cidr, String ipv6Block) {
    String id = aws.id("subnet");
    Subnet.Builder b =
        Subnet.builder()
            .subnetId(id)
            .vpcId(vpcId)
            .cidrBlock(cidr)
            .availabilityZone(zone)
            .ipv6Native(false)
            .assignIpv6AddressOnCreation(false)
            .enableDns64(false)
            .privateDnsNameOptionsOnLaunch(
                o ->
                    o.hostnameType(HostnameType.IP_NAME)
                        .enableResourceNameDnsARecord(false)
                        .enableResourceNameDnsAAAARecord(false));
    if (ipv6Block != null) {
      b.ipv6CidrBlockAssociationSet(ipv6.subnetBlock(vpcId, ipv6Block));
    }
    subnets.put(id, b.build());
    return id;
  }

  public Map<String, InternetGateway> internetGateways() {
    return igws;
  }

  static List<Tag> tags(List<TagSpecification> specs) {
    List<Tag> out = new ArrayList<>();
    specs.forEach(s -> out.addAll(s.tags()));
    return out;
  }

  static List<Tag> merge(List<Tag> old, List<Tag> added) {
    Map<String, String> m = new LinkedHashMap<>();
    old.forEach(t -> m.put(t.key(), t.value()));
    added.forEach(t -> m.put(t.key(), t.value()));
    List<Tag> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
    return out;
  }

  <T> T require(Map<String, T> m, String id, String code) {
    aws.visible(id, code);
    T t = m.get(id);
    if (t == null) {
      throw FakeAws.error(code, "The ID '" + id + "' does not exist", 400);
    }
    return t;
  }

  /**
   * Every image name exists, once, with an id derived from its owner and name (so a rerun resolves
   * the same id), as a region holding the images a test names would answer. Not counted as a call:
   * the crash, fault and throttling points the tests chose stay on the calls they were chosen for
   * (AmiResolverTest drives the lookup through the SDK's own pipeline instead).
   */
  @Override
  public software.amazon.awssdk.services.ec2.model.DescribeImagesResponse describeImages(
      software.amazon.awssdk.services.ec2.model.DescribeImagesRequest r) {
    String key = r.owners() + "/" + r.filters();
    return software.amazon.awssdk.services.ec2.model.DescribeImagesResponse.builder()
        .images(
            software.amazon.awssdk.services.ec2.model.Image.builder()
                .imageId(String.format("ami-%017x", key.hashCode() & 0xffffffffL))
                .creationDate("2025-01-01T00:00:00.000Z")
                .build())
        .build();
  }

  @Override
  public DescribeVpcsResponse describeVpcs(DescribeVpcsRequest r) {
    aws.call("describeVpcs");
    List<Vpc> out = new ArrayList<>();
    for (Vpc v : vpcs.values()) {
      if (r.hasVpcIds() && !r.vpcIds().contains(v.vpcId())) {
        continue;
      }
      if (Filters.match(r.filters(), v.tags(), Map.of("vpc-id", v.vpcId()))) {
        out.add(ipv6.settle(v));
      }
    }
    if (r.hasVpcIds() && out.isEmpty()) {
      throw FakeAws.error(
          "InvalidVpcID.NotFound", "The vpc ID '" + r.vpcIds() + "' does not exist", 400);
    }
    return DescribeVpcsResponse.builder().vpcs(out).build();
  }

  @Override
  public CreateVpcResponse createVpc(CreateVpcRequest r) {
    aws.call("createVpc");
    String id = aws.id("vpc");
    Vpc.Builder v =
        Vpc.builder()
            .vpcId(id)
            .cidrBlock(r.cidrBlock())
            .tags(tags(r.tagSpecifications()))
            .dhcpOptionsId("default");
    if (Boolean.TRUE.equals(r.amazonProvidedIpv6CidrBlock())) {
      v.ipv6CidrBlockAssociationSet(ipv6.requestBlock(id));
    }
    vpcs.put(id, v.build());
    routing.mainTable(id);
    security.defaultGroup(id);
    aws.created(id);
    return CreateVpcResponse.builder().vpc(vpcs.get(id)).build();
  }

  @Override
  public ModifyVpcAttributeResponse modifyVpcAttribute(ModifyVpcAttributeRequest r) {
    aws.call("modifyVpcAttribute");
    require(vpcs, r.vpcId(), "InvalidVpcID.NotFound");
    return ModifyVpcAttributeResponse.builder().build();
  }

  @Override
  public DeleteVpcResponse deleteVpc(DeleteVpcRequest r) {
    aws.call("deleteVpc");
    require(vpcs, r.vpcId(), "InvalidVpcID.NotFound");
    boolean inUse =
        subnets.values().stream().anyMatch(s -> s.vpcId().equals(r.vpcId()))
            || igws.values().stream()
                .anyMatch(g -> g.attachments().stream().anyMatch(a -> a.vpcId().equals(r.vpcId())))
            || ipv6.egressOnly.values().stream()
                .anyMatch(g -> g.attachments().stream().anyMatch(a -> a.vpcId().equals(r.vpcId())))
            || routing.tables.values().stream()
                .anyMatch(t -> t.vpcId().equals(r.vpcId()) && !routing.isMain(t))
            || security.groups.values().stream()
                .anyMatch(g -> g.vpcId().equals(r.vpcId()) && !"default".equals(g.groupName()));
    if (inUse) {
      throw FakeAws.error(
          "DependencyViolation",
          "The vpc '" + r.vpcId() + "' has dependencies and cannot be deleted.",
          400);
    }
    vpcs.remove(r.vpcId());
    routing.tables.values().removeIf(t -> t.vpcId().equals(r.vpcId()));
    security.groups.values().removeIf(g -> g.vpcId().equals(r.vpcId()));
    return DeleteVpcResponse.builder().build();
  }

  @Override
  public CreateTagsResponse createTags(CreateTagsRequest r) {
    aws.call("createTags");
    for (String id : r.resources()) {
      if (vpcs.containsKey(id)) {
        vpcs.put(id, vpcs.get(id).toBuilder().tags(merge(vpcs.get(id).tags(), r.tags())).build());
      } else if (igws.containsKey(id)) {
        igws.put(id, igws.get(id).toBuilder().tags(merge(igws.get(id).tags(), r.tags())).build());
      } else if (subnets.containsKey(id)) {
        subnets.put(
            id, subnets.get(id).toBuilder().tags(merge(subnets.get(id).tags(), r.tags())).build());
      } else if (volumes.volumes.containsKey(id)) {
        volumes.volumes.put(
            id,
            volumes.volumes.get(id).toBuilder()
                .tags(merge(volumes.volumes.get(id).tags(), r.tags()))
                .build());
      } else if (!routing.tag(id, r.tags())
          && !security.tag(id, r.tags())
          && !templates.tag(id, r.tags())
          && !keyPairs.tag(id, r.tags())
          && !ipv6.tag(id, r.tags())) {
        throw FakeAws.error("InvalidID", "The ID '" + id + "' is not valid", 400);
      }
    }
    return CreateTagsResponse.builder().build();
  }

  @Override
  public DescribeInternetGatewaysResponse describeInternetGateways(
      DescribeInternetGatewaysRequest r) {
    aws.call("describeInternetGateways");
    return DescribeInternetGatewaysResponse.builder()
        .internetGateways(
            igws.values().stream()
                .filter(
                    g ->
                        Filters.match(
                            r.filters(),
                            g.tags(),
                            g.attachments().isEmpty()
                                ? Map.of()
                                : Map.of("attachment.vpc-id", g.attachments().get(0).vpcId())))
                .toList())
        .build();
  }

  @Override
  public CreateInternetGatewayResponse createInternetGateway(CreateInternetGatewayRequest r) {
    aws.call("createInternetGateway");
    String id = aws.id("igw");
    igws.put(
        id,
        InternetGateway.builder().internetGatewayId(id).tags(tags(r.tagSpecifications())).build());
    aws.created(id);
    return CreateInternetGatewayResponse.builder().internetGateway(igws.get(id)).build();
  }

  @Override
  public AttachInternetGatewayResponse attachInternetGateway(AttachInternetGatewayRequest r) {
    aws.call("attachInternetGateway");
    InternetGateway g = require(igws, r.internetGatewayId(), "InvalidInternetGatewayID.NotFound");
    require(vpcs, r.vpcId(), "InvalidVpcID.NotFound");
    igws.put(
        g.internetGatewayId(),
        g.toBuilder()
            .attachments(
                InternetGatewayAttachment.builder().vpcId(r.vpcId()).state("available").build())
            .build());
    return AttachInternetGatewayResponse.builder().build();
  }

  @Override
  public DetachInternetGatewayResponse detachInternetGateway(DetachInternetGatewayRequest r) {
    aws.call("detachInternetGateway");
    InternetGateway g = require(igws, r.internetGatewayId(), "InvalidInternetGatewayID.NotFound");
    if (routing.tables.values().stream()
        .anyMatch(
            t -> t.routes().stream().anyMatch(x -> g.internetGatewayId().equals(x.gatewayId())))) {
      throw FakeAws.error(
          "DependencyViolation", "Network vpc has some mapped public address(es)", 400);
    }
    igws.put(g.internetGatewayId(), g.toBuilder().attachments(List.of()).build());
    return DetachInternetGatewayResponse.builder().build();
  }

  @Override
  public DeleteInternetGatewayResponse deleteInternetGateway(DeleteInternetGatewayRequest r) {
    aws.call("deleteInternetGateway");
    InternetGateway g = require(igws, r.internetGatewayId(), "InvalidInternetGatewayID.NotFound");
    if (!g.attachments().isEmpty()) {
      throw FakeAws.error(
          "DependencyViolation",
          "The internetGateway '" + g.internetGatewayId() + "' has dependencies",
          400);
    }
    igws.remove(g.internetGatewayId());
    return DeleteInternetGatewayResponse.builder().build();
  }

  @Override
  public DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest r) {
    aws.call("describeSubnets");
    return DescribeSubnetsResponse.builder()
        .subnets(
            subnets.values().stream()
                .filter(
                    s ->
                        Filters.match(
                            r.filters(),
                            s.tags(),
                            Map.of("subnet-id", s.subnetId(), "vpc-id", s.vpcId())))
                .toList())
        .build();
  }

  @Override
  public CreateSubnetResponse createSubnet(CreateSubnetRequest r) {
    aws.call("createSubnet");
    require(vpcs, r.vpcId(), "InvalidVpcID.NotFound");
    boolean ipv6Native = Boolean.TRUE.equals(r.ipv6Native());
    if (ipv6Native != (r.cidrBlock() == null) || (ipv6Native && r.ipv6CidrBlock() == null)) {
      throw FakeAws.error(
          "InvalidParameterCombination",
          "A subnet has an IPv4 CIDR block unless it is IPv6-native, which needs an IPv6 one",
          400);
    }
    Subnet.Builder b =
        Subnet.builder()
            .vpcId(r.vpcId())
            .cidrBlock(r.cidrBlock())
            .availabilityZone(r.availabilityZone())
            .ipv6Native(ipv6Native)
            .assignIpv6AddressOnCreation(false)
            .enableDns64(false)
            .tags(tags(r.tagSpecifications()));
    if (r.ipv6CidrBlock() != null) {
      b.ipv6CidrBlockAssociationSet(ipv6.subnetBlock(r.vpcId(), r.ipv6CidrBlock()));
    }
    // AWS' defaults: IP names, except an IPv6-native subnet's, which can only be resource names.
    b.privateDnsNameOptionsOnLaunch(
        o ->
            o.hostnameType(ipv6Native ? HostnameType.RESOURCE_NAME : HostnameType.IP_NAME)
                .enableResourceNameDnsARecord(false)
                .enableResourceNameDnsAAAARecord(false));
    String id = aws.id("subnet");
    subnets.put(id, b.subnetId(id).build());
    aws.created(id);
    return CreateSubnetResponse.builder().subnet(subnets.get(id)).build();
  }

  @Override
  public ModifySubnetAttributeResponse modifySubnetAttribute(ModifySubnetAttributeRequest r) {
    aws.call("modifySubnetAttribute");
    Subnet s = require(subnets, r.subnetId(), "InvalidSubnetID.NotFound");
    int attributes =
        (r.privateDnsHostnameTypeOnLaunch() != null ? 1 : 0)
            + (r.enableResourceNameDnsARecordOnLaunch() != null ? 1 : 0)
            + (r.enableResourceNameDnsAAAARecordOnLaunch() != null ? 1 : 0)
            + (r.assignIpv6AddressOnCreation() != null ? 1 : 0)
            + (r.enableDns64() != null ? 1 : 0);
    if (attributes != 1) {
      throw FakeAws.error(
          "InvalidParameterCombination", "Specify exactly one attribute to modify", 400);
    }
    boolean hasIpv6 = !s.ipv6CidrBlockAssociationSet().isEmpty();
    if ((r.assignIpv6AddressOnCreation() != null
            || r.enableDns64() != null
            || r.enableResourceNameDnsAAAARecordOnLaunch() != null)
        && !hasIpv6) {
      throw FakeAws.error("InvalidParameterValue", "The subnet has no IPv6 CIDR block", 400);
    }
    if (r.enableResourceNameDnsARecordOnLaunch() != null && s.cidrBlock() == null) {
      throw FakeAws.error("InvalidParameterValue", "The subnet has no IPv4 CIDR block", 400);
    }
    PrivateDnsNameOptionsOnLaunch o = s.privateDnsNameOptionsOnLaunch();
    PrivateDnsNameOptionsOnLaunch.Builder names =
        o == null ? PrivateDnsNameOptionsOnLaunch.builder() : o.toBuilder();
    if (r.privateDnsHostnameTypeOnLaunch() != null) {
      names.hostnameType(r.privateDnsHostnameTypeOnLaunch());
    }
    if (r.enableResourceNameDnsARecordOnLaunch() != null) {
      names.enableResourceNameDnsARecord(r.enableResourceNameDnsARecordOnLaunch().value());
    }
    if (r.enableResourceNameDnsAAAARecordOnLaunch() != null) {
      names.enableResourceNameDnsAAAARecord(r.enableResourceNameDnsAAAARecordOnLaunch().value());
    }
    Subnet.Builder b = s.toBuilder().privateDnsNameOptionsOnLaunch(names.build());
    if (r.assignIpv6AddressOnCreation() != null) {
      b.assignIpv6AddressOnCreation(r.assignIpv6AddressOnCreation().value());
    }
    if (r.enableDns64() != null) {
      b.enableDns64(r.enableDns64().value());
    }
    subnets.put(s.subnetId(), b.build());
    return ModifySubnetAttributeResponse.builder().build();
  }

  @Override
  public DeleteSubnetResponse deleteSubnet(DeleteSubnetRequest r) {
    aws.call("deleteSubnet");
    require(subnets, r.subnetId(), "InvalidSubnetID.NotFound");
    if (nats.values().stream().anyMatch(n -> n.subnetId().equals(r.subnetId()))
        || aws.elbv2.uses(r.subnetId())
        || aws.classicElb.uses(r.subnetId())) {
      throw FakeAws.error(
          "DependencyViolation",
          "The subnet '" + r.subnetId() + "' has dependencies and cannot be deleted.",
          400);
    }
    subnets.remove(r.subnetId());
    routing.tables.replaceAll(
        (k, t) ->
            t.toBuilder()
                .associations(
                    t.associations().stream()
                        .filter(a -> !r.subnetId().equals(a.subnetId()))
                        .toList())
                .build());
    return DeleteSubnetResponse.builder().build();
  }

  // DHCP options, NAT, routing, security groups and launch templates are delegated to keep each
  // part small.
  @Override
  public DescribeDhcpOptionsResponse describeDhcpOptions(DescribeDhcpOptionsRequest r) {
    return dhcpOptions.describeDhcpOptions(r);
  }

  @Override
  public CreateDhcpOptionsResponse createDhcpOptions(CreateDhcpOptionsRequest r) {
    return dhcpOptions.createDhcpOptions(r);
  }

  @Override
  public AssociateDhcpOptionsResponse associateDhcpOptions(AssociateDhcpOptionsRequest r) {
    return dhcpOptions.associateDhcpOptions(r);
  }

  @Override
  public DeleteDhcpOptionsResponse deleteDhcpOptions(DeleteDhcpOptionsRequest r) {
    return dhcpOptions.deleteDhcpOptions(r);
  }

  @Override
  public DescribeAddressesResponse describeAddresses(DescribeAddressesRequest r) {
    return nat.describeAddresses(r);
  }

  @Override
  public AllocateAddressResponse allocateAddress(AllocateAddressRequest r) {
    return nat.allocateAddress(r);
  }

  @Override
  public ReleaseAddressResponse releaseAddress(ReleaseAddressRequest r) {
    return nat.releaseAddress(r);
  }

  @Override
  public DescribeNatGatewaysResponse describeNatGateways(DescribeNatGatewaysRequest r) {
    return nat.describeNatGateways(r);
  }

  @Override
  public CreateNatGatewayResponse createNatGateway(CreateNatGatewayRequest r) {
    return nat.createNatGateway(r);
  }

  @Override
  public DeleteNatGatewayResponse deleteNatGateway(DeleteNatGatewayRequest r) {
    return nat.deleteNatGateway(r);
  }

  @Override
  public AssociateVpcCidrBlockResponse associateVpcCidrBlock(AssociateVpcCidrBlockRequest r) {
    return ipv6.associateVpcCidrBlock(r);
  }

  @Override
  public AssociateSubnetCidrBlockResponse associateSubnetCidrBlock(
      AssociateSubnetCidrBlockRequest r) {
    return ipv6.associateSubnetCidrBlock(r);
  }

  @Override
  public DescribeEgressOnlyInternetGatewaysResponse describeEgressOnlyInternetGateways(
      DescribeEgressOnlyInternetGatewaysRequest r) {
    return ipv6.describe(r);
  }

  @Override
  public CreateEgressOnlyInternetGatewayResponse createEgressOnlyInternetGateway(
      CreateEgressOnlyInternetGatewayRequest r) {
    return ipv6.create(r);
  }

  @Override
  public DeleteEgressOnlyInternetGatewayResponse deleteEgressOnlyInternetGateway(
      DeleteEgressOnlyInternetGatewayRequest r) {
    return ipv6.delete(r);
  }

  @Override
  public DescribeVolumesResponse describeVolumes(DescribeVolumesRequest r) {
    return volumes.describeVolumes(r);
  }

  @Override
  public CreateVolumeResponse createVolume(CreateVolumeRequest r) {
    return volumes.createVolume(r);
  }

  @Override
  public DeleteVolumeResponse deleteVolume(DeleteVolumeRequest r) {
    return volumes.deleteVolume(r);
  }

  @Override
  public DescribeRouteTablesResponse describeRouteTables(DescribeRouteTablesRequest r) {
    return routing.describe(r);
  }

  @Override
  public CreateRouteTableResponse createRouteTable(CreateRouteTableRequest r) {
    return routing.create(r);
  }

  @Override
  public DeleteRouteTableResponse deleteRouteTable(DeleteRouteTableRequest r) {
    return routing.delete(r);
  }

  @Override
  public AssociateRouteTableResponse associateRouteTable(AssociateRouteTableRequest r) {
    return routing.associate(r);
  }

  @Override
  public DisassociateRouteTableResponse disassociateRouteTable(DisassociateRouteTableRequest r) {
    return routing.disassociate(r);
  }

  @Override
  public CreateRouteResponse createRoute(CreateRouteRequest r) {
    return routing.createRoute(r);
  }

  @Override
  public ReplaceRouteResponse replaceRoute(ReplaceRouteRequest r) {
    return routing.replaceRoute(r);
  }

  @Override
  public DeleteRouteResponse deleteRoute(DeleteRouteRequest r) {
    return routing.deleteRoute(r);
  }

  @Override
  public DescribeSecurityGroupsResponse describeSecurityGroups(DescribeSecurityGroupsRequest r) {
    return security.describe(r);
  }

  @Override
  public CreateSecurityGroupResponse createSecurityGroup(CreateSecurityGroupRequest r) {
    return security.create(r);
  }

  @Override
  public DeleteSecurityGroupResponse deleteSecurityGroup(DeleteSecurityGroupRequest r) {
    return security.delete(r);
  }

  @Override
  public DescribeSecurityGroupRulesResponse describeSecurityGroupRules(
      DescribeSecurityGroupRulesRequest r) {
    return security.describeRules(r);
  }

  @Override
  public AuthorizeSecurityGroupIngressResponse authorizeSecurityGroupIngress(
      AuthorizeSecurityGroupIngressRequest r) {
    return security.ingress(r);
  }

  @Override
  public AuthorizeSecurityGroupEgressResponse authorizeSecurityGroupEgress(
      AuthorizeSecurityGroupEgressRequest r) {
    return security.egress(r);
  }

  @Override
  public RevokeSecurityGroupIngressResponse revokeSecurityGroupIngress(
      RevokeSecurityGroupIngressRequest r) {
    return security.revokeIngress(r);
  }

  @Override
  public RevokeSecurityGroupEgressResponse revokeSecurityGroupEgress(
      RevokeSecurityGroupEgressRequest r) {
    return security.revokeEgress(r);
  }

  @Override
  public DescribeLaunchTemplatesResponse describeLaunchTemplates(DescribeLaunchTemplatesRequest r) {
    return templates.describe(r);
  }

  @Override
  public DescribeLaunchTemplateVersionsResponse describeLaunchTemplateVersions(
      DescribeLaunchTemplateVersionsRequest r) {
    return templates.versions(r);
  }

  @Override
  public CreateLaunchTemplateResponse createLaunchTemplate(CreateLaunchTemplateRequest r) {
    return templates.create(r);
  }

  @Override
  public CreateLaunchTemplateVersionResponse createLaunchTemplateVersion(
      CreateLaunchTemplateVersionRequest r) {
    return templates.createVersion(r);
  }

  @Override
  public ModifyLaunchTemplateResponse modifyLaunchTemplate(ModifyLaunchTemplateRequest r) {
    return templates.modify(r);
  }

  @Override
  public DeleteLaunchTemplateResponse deleteLaunchTemplate(DeleteLaunchTemplateRequest r) {
    return templates.delete(r);
  }

  @Override
  public ImportKeyPairResponse importKeyPair(ImportKeyPairRequest r) {
    return keyPairs.importKeyPair(r);
  }

  @Override
  public DescribeKeyPairsResponse describeKeyPairs(DescribeKeyPairsRequest r) {
    return keyPairs.describe(r);
  }

  @Override
  public DeleteKeyPairResponse deleteKeyPair(DeleteKeyPairRequest r) {
    return keyPairs.delete(r);
  }

  @Override
  public String serviceName() {
    return "ec2";
  }

  @Override
  public void close() {}
}
