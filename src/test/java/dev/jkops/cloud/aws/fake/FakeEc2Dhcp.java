package dev.jkops.cloud.aws.fake;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.*;

/** DHCP options and their association with VPCs; options a VPC uses cannot be deleted. */
final class FakeEc2Dhcp {
  private final FakeEc2 ec2;

  FakeEc2Dhcp(FakeEc2 ec2) {
    this.ec2 = ec2;
  }

  DescribeDhcpOptionsResponse describeDhcpOptions(DescribeDhcpOptionsRequest r) {
    ec2.aws.call("describeDhcpOptions");
    return DescribeDhcpOptionsResponse.builder()
        .dhcpOptions(
            ec2.dhcp.values().stream()
                .filter(d -> Filters.match(r.filters(), d.tags(), Map.of()))
                .toList())
        .build();
  }

  CreateDhcpOptionsResponse createDhcpOptions(CreateDhcpOptionsRequest r) {
    ec2.aws.call("createDhcpOptions");
    String id = ec2.aws.id("dopt");
    List<DhcpConfiguration> configs =
        r.dhcpConfigurations().stream()
            .map(
                c ->
                    DhcpConfiguration.builder()
                        .key(c.key())
                        .values(
                            c.values().stream()
                                .map(v -> AttributeValue.builder().value(v).build())
                                .toList())
                        .build())
            .toList();
    ec2.dhcp.put(
        id,
        DhcpOptions.builder()
            .dhcpOptionsId(id)
            .dhcpConfigurations(configs)
            .tags(FakeEc2.tags(r.tagSpecifications()))
            .build());
    ec2.aws.created(id);
    return CreateDhcpOptionsResponse.builder().dhcpOptions(ec2.dhcp.get(id)).build();
  }

  AssociateDhcpOptionsResponse associateDhcpOptions(AssociateDhcpOptionsRequest r) {
    ec2.aws.call("associateDhcpOptions");
    Vpc v = ec2.require(ec2.vpcs, r.vpcId(), "InvalidVpcID.NotFound");
    if (!"default".equals(r.dhcpOptionsId())) {
      ec2.require(ec2.dhcp, r.dhcpOptionsId(), "InvalidDhcpOptionID.NotFound");
    }
    ec2.vpcs.put(v.vpcId(), v.toBuilder().dhcpOptionsId(r.dhcpOptionsId()).build());
    return AssociateDhcpOptionsResponse.builder().build();
  }

  DeleteDhcpOptionsResponse deleteDhcpOptions(DeleteDhcpOptionsRequest r) {
    ec2.aws.call("deleteDhcpOptions");
    ec2.require(ec2.dhcp, r.dhcpOptionsId(), "InvalidDhcpOptionID.NotFound");
    if (ec2.vpcs.values().stream().anyMatch(v -> r.dhcpOptionsId().equals(v.dhcpOptionsId()))) {
      throw FakeAws.error(
          "DependencyViolation",
          "The dhcpOptions '" + r.dhcpOptionsId() + "' has dependencies",
          400);
    }
    ec2.dhcp.remove(r.dhcpOptionsId());
    return DeleteDhcpOptionsResponse.builder().build();
  }
}
