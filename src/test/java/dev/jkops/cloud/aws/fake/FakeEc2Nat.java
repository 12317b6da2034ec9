package dev.jkops.cloud.aws.fake;

import java.util.Map;
import software.amazon.awssdk.services.ec2.model.*;

/** Elastic IPs and NAT gateways; an address a NAT gateway holds cannot be released. */
final class FakeEc2Nat {
  private final FakeEc2 ec2;

  FakeEc2Nat(FakeEc2 ec2) {
    this.ec2 = ec2;
  }

  DescribeAddressesResponse describeAddresses(DescribeAddressesRequest r) {
    ec2.aws.call("describeAddresses");
    return DescribeAddressesResponse.builder()
        .addresses(
            ec2.addresses.values().stream()
                .filter(a -> Filters.match(r.filters(), a.tags(), Map.of()))
                .toList())
        .build();
  }

  AllocateAddressResponse allocateAddress(AllocateAddressRequest r) {
    ec2.aws.call("allocateAddress");
    String id = ec2.aws.id("eipalloc");
    ec2.addresses.put(
        id,
        Address.builder()
            .allocationId(id)
            .domain(DomainType.VPC)
            .publicIp("203.0.113." + (ec2.addresses.size() + 1))
            .tags(FakeEc2.tags(r.tagSpecifications()))
            .build());
    ec2.aws.created(id);
    return AllocateAddressResponse.builder().allocationId(id).build();
  }

  ReleaseAddressResponse releaseAddress(ReleaseAddressRequest r) {
    ec2.aws.call("releaseAddress");
    ec2.require(ec2.addresses, r.allocationId(), "InvalidAllocationID.NotFound");
    if (ec2.nats.values().stream()
        .anyMatch(
            n ->
                n.natGatewayAddresses().stream()
                    .anyMatch(a -> r.allocationId().equals(a.allocationId())))) {
      throw FakeAws.error("DependencyViolation", "The address is in use by a NAT gateway", 400);
    }
    ec2.addresses.remove(r.allocationId());
    return ReleaseAddressResponse.builder().build();
  }

  DescribeNatGatewaysResponse describeNatGateways(DescribeNatGatewaysRequest r) {
    ec2.aws.call("describeNatGateways");
    return DescribeNatGatewaysResponse.builder()
        .natGateways(
            ec2.nats.values().stream()
                .filter(
                    n ->
                        Filters.match(
                            r.filter(),
                            n.tags(),
                            Map.of("state", n.stateAsString(), "subnet-id", n.subnetId())))
                .toList())
        .build();
  }

  CreateNatGatewayResponse createNatGateway(CreateNatGatewayRequest r) {
    ec2.aws.call("createNatGateway");
    ec2.require(ec2.subnets, r.subnetId(), "InvalidSubnetID.NotFound");
    ec2.require(ec2.addresses, r.allocationId(), "InvalidAllocationID.NotFound");
    String id = ec2.aws.id("nat");
    ec2.nats.put(
        id,
        NatGateway.builder()
            .natGatewayId(id)
            .subnetId(r.subnetId())
            .vpcId(ec2.subnets.get(r.subnetId()).vpcId())
            .state(NatGatewayState.AVAILABLE)
            .natGatewayAddresses(NatGatewayAddress.builder().allocationId(r.allocationId()).build())
            .tags(FakeEc2.tags(r.tagSpecifications()))
            .build());
    ec2.aws.created(id);
    return CreateNatGatewayResponse.builder().natGateway(ec2.nats.get(id)).build();
  }

  DeleteNatGatewayResponse deleteNatGateway(DeleteNatGatewayRequest r) {
    ec2.aws.call("deleteNatGateway");
    ec2.require(ec2.nats, r.natGatewayId(), "NatGatewayNotFound");
    ec2.nats.remove(r.natGatewayId());
    return DeleteNatGatewayResponse.builder().build();
  }
}
