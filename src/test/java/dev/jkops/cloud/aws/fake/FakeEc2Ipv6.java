package dev.jkops.cloud.aws.fake;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.*;

/**
 * A VPC's Amazon-provided IPv6 block (associating first, as AWS answers CreateVpc and
 * AssociateVpcCidrBlock, associated with its block a describe later), subnets' IPv6 blocks (which
 * must lie in the VPC's block) and egress-only internet gateways.
 */
final class FakeEc2Ipv6 {
  private final FakeEc2 ec2;
  final Map<String, EgressOnlyInternetGateway> egressOnly = new LinkedHashMap<>();

  /** The next Amazon-provided block, a /56 as AWS gives; each further one is the next /56. */
  private BigInteger nextBlock = parse("2600:1f18:4a3:6a00::");

  /** Blocks given but not yet visible: the VPC id to its block. */
  private final Map<String, String> associating = new LinkedHashMap<>();

  FakeEc2Ipv6(FakeEc2 ec2) {
    this.ec2 = ec2;
  }

  void amazonPool(String firstBlock) {
    nextBlock = parse(firstBlock.substring(0, firstBlock.indexOf('/')));
  }

  private static BigInteger parse(String address) {
    try {
      return new BigInteger(1, java.net.InetAddress.getByName(address).getAddress());
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String format(BigInteger v, int prefix) {
    byte[] raw = v.toByteArray();
    byte[] b = new byte[16];
    System.arraycopy(
        raw,
        Math.max(0, raw.length - 16),
        b,
        Math.max(0, 16 - raw.length),
        Math.min(16, raw.length));
    try {
      return new inet.ipaddr.IPAddressString(
              java.net.InetAddress.getByAddress(b).getHostAddress() + "/" + prefix)
          .getAddress()
          .toCompressedString();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The VPC's Amazon block: associating now, with no block yet. */
  VpcIpv6CidrBlockAssociation requestBlock(String vpcId) {
    String block = format(nextBlock, 56);
    nextBlock = nextBlock.add(BigInteger.ONE.shiftLeft(128 - 56));
    associating.put(vpcId, block);
    return VpcIpv6CidrBlockAssociation.builder()
        .associationId(ec2.aws.id("vpc-cidr-assoc"))
        .ipv6CidrBlockState(s -> s.state(VpcCidrBlockStateCode.ASSOCIATING))
        .build();
  }

  /** A describe after the request sees the block associated. */
  Vpc settle(Vpc v) {
    String block = associating.remove(v.vpcId());
    if (block == null) {
      return v;
    }
    Vpc settled =
        v.toBuilder()
            .ipv6CidrBlockAssociationSet(
                v.ipv6CidrBlockAssociationSet().stream()
                    .map(
                        a ->
                            a.ipv6CidrBlockState().state() == VpcCidrBlockStateCode.ASSOCIATING
                                ? a.toBuilder()
                                    .ipv6CidrBlock(block)
                                    .ipv6Pool("Amazon")
                                    .ipv6CidrBlockState(
                                        s -> s.state(VpcCidrBlockStateCode.ASSOCIATED))
                                    .build()
                                : a)
                    .toList())
            .build();
    ec2.vpcs.put(v.vpcId(), settled);
    return v; // this describe still answers "associating"; the next one sees the block
  }

  AssociateVpcCidrBlockResponse associateVpcCidrBlock(AssociateVpcCidrBlockRequest r) {
    ec2.aws.call("associateVpcCidrBlock");
    Vpc v = ec2.require(ec2.vpcs, r.vpcId(), "InvalidVpcID.NotFound");
    if (!Boolean.TRUE.equals(r.amazonProvidedIpv6CidrBlock())) {
      throw FakeAws.error("InvalidParameterCombination", "only Amazon blocks here", 400);
    }
    List<VpcIpv6CidrBlockAssociation> as = new ArrayList<>(v.ipv6CidrBlockAssociationSet());
    VpcIpv6CidrBlockAssociation a = requestBlock(v.vpcId());
    as.add(a);
    ec2.vpcs.put(v.vpcId(), v.toBuilder().ipv6CidrBlockAssociationSet(as).build());
    return AssociateVpcCidrBlockResponse.builder()
        .vpcId(v.vpcId())
        .ipv6CidrBlockAssociation(a)
        .build();
  }

  /** The VPC's associated blocks, or an error as EC2 gives for a block it cannot place. */
  private List<String> vpcBlocks(String vpcId) {
    List<String> blocks =
        ec2.vpcs.get(vpcId).ipv6CidrBlockAssociationSet().stream()
            .filter(a -> a.ipv6CidrBlockState().state() == VpcCidrBlockStateCode.ASSOCIATED)
            .map(VpcIpv6CidrBlockAssociation::ipv6CidrBlock)
            .toList();
    if (blocks.isEmpty()) {
      throw FakeAws.error(
          "InvalidSubnet.Range", "The VPC " + vpcId + " has no IPv6 CIDR block", 400);
    }
    return blocks;
  }

  /**
   * The subnet's block association, checked as EC2 checks it: a /64 inside one of the VPC's blocks.
   */
  SubnetIpv6CidrBlockAssociation subnetBlock(String vpcId, String block) {
    var sub = new inet.ipaddr.IPAddressString(block).getAddress();
    boolean inside =
        sub != null
            && vpcBlocks(vpcId).stream()
                .anyMatch(v -> new inet.ipaddr.IPAddressString(v).getAddress().contains(sub));
    if (!inside || sub.getNetworkPrefixLength() != 64) {
      throw FakeAws.error(
          "InvalidSubnet.Range", "The IPv6 CIDR '" + block + "' is invalid for this VPC", 400);
    }
    for (Subnet s : ec2.subnets.values()) {
      if (s.ipv6CidrBlockAssociationSet().stream().anyMatch(a -> block.equals(a.ipv6CidrBlock()))) {
        throw FakeAws.error(
            "InvalidSubnet.Conflict",
            "The CIDR '" + block + "' conflicts with another subnet",
            400);
      }
    }
    return SubnetIpv6CidrBlockAssociation.builder()
        .associationId(ec2.aws.id("subnet-cidr-assoc"))
        .ipv6CidrBlock(block)
        .ipv6CidrBlockState(s -> s.state(SubnetCidrBlockStateCode.ASSOCIATED))
        .build();
  }

  AssociateSubnetCidrBlockResponse associateSubnetCidrBlock(AssociateSubnetCidrBlockRequest r) {
    ec2.aws.call("associateSubnetCidrBlock");
    Subnet s = ec2.require(ec2.subnets, r.subnetId(), "InvalidSubnetID.NotFound");
    if (!s.ipv6CidrBlockAssociationSet().isEmpty()) {
      throw FakeAws.error("InvalidParameterValue", "the subnet has an IPv6 block already", 400);
    }
    SubnetIpv6CidrBlockAssociation a = subnetBlock(s.vpcId(), r.ipv6CidrBlock());
    ec2.subnets.put(s.subnetId(), s.toBuilder().ipv6CidrBlockAssociationSet(a).build());
    return AssociateSubnetCidrBlockResponse.builder()
        .subnetId(s.subnetId())
        .ipv6CidrBlockAssociation(a)
        .build();
  }

  DescribeEgressOnlyInternetGatewaysResponse describe(DescribeEgressOnlyInternetGatewaysRequest r) {
    ec2.aws.call("describeEgressOnlyInternetGateways");
    return DescribeEgressOnlyInternetGatewaysResponse.builder()
        .egressOnlyInternetGateways(
            egressOnly.values().stream()
                .filter(g -> Filters.match(r.filters(), g.tags(), Map.of()))
                .toList())
        .build();
  }

  CreateEgressOnlyInternetGatewayResponse create(CreateEgressOnlyInternetGatewayRequest r) {
    ec2.aws.call("createEgressOnlyInternetGateway");
    ec2.require(ec2.vpcs, r.vpcId(), "InvalidVpcID.NotFound");
    String id = ec2.aws.id("eigw");
    egressOnly.put(
        id,
        EgressOnlyInternetGateway.builder()
            .egressOnlyInternetGatewayId(id)
            .attachments(
                InternetGatewayAttachment.builder()
                    .vpcId(r.vpcId())
                    .state(AttachmentStatus.ATTACHED)
                    .build())
            .tags(FakeEc2.tags(r.tagSpecifications()))
            .build());
    ec2.aws.created(id);
    return CreateEgressOnlyInternetGatewayResponse.builder()
        .egressOnlyInternetGateway(egressOnly.get(id))
        .build();
  }

  DeleteEgressOnlyInternetGatewayResponse delete(DeleteEgressOnlyInternetGatewayRequest r) {
    ec2.aws.call("deleteEgressOnlyInternetGateway");
    ec2.require(
        egressOnly, r.egressOnlyInternetGatewayId(), "InvalidEgressOnlyInternetGatewayId.NotFound");
    egressOnly.remove(r.egressOnlyInternetGatewayId());
    return DeleteEgressOnlyInternetGatewayResponse.builder().returnCode(true).build();
  }

  boolean tag(String id, List<Tag> tags) {
    EgressOnlyInternetGateway g = egressOnly.get(id);
    if (g == null) {
      return false;
    }
    egressOnly.put(id, g.toBuilder().tags(FakeEc2.merge(g.tags(), tags)).build());
    return true;
  }
}
