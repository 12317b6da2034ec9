package dev.jkops.cloud.aws.fake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.model.*;

/**
 * Security groups and their rules. As in AWS, a new group comes with an allow-all IPv4 egress rule,
 * protocol -1 rules report ports -1, ICMPv6 reads back as protocol 58, authorizing a rule that
 * exists is InvalidPermission.Duplicate, and a group other groups' rules name cannot go.
 */
final class FakeEc2Security {
  private final FakeEc2 ec2;
  final Map<String, SecurityGroup> groups = new LinkedHashMap<>();
  final Map<String, SecurityGroupRule> rules = new LinkedHashMap<>();

  FakeEc2Security(FakeEc2 ec2) {
    this.ec2 = ec2;
  }

  void defaultGroup(String vpcId) {
    String id = ec2.aws.id("sg");
    groups.put(
        id,
        SecurityGroup.builder()
            .groupId(id)
            .groupName("default")
            .description("default VPC security group")
            .vpcId(vpcId)
            .build());
  }

  boolean tag(String id, List<Tag> tags) {
    SecurityGroup g = groups.get(id);
    if (g == null) {
      return false;
    }
    groups.put(id, g.toBuilder().tags(FakeEc2.merge(g.tags(), tags)).build());
    return true;
  }

  DescribeSecurityGroupsResponse describe(DescribeSecurityGroupsRequest r) {
    ec2.aws.call("describeSecurityGroups");
    return DescribeSecurityGroupsResponse.builder()
        .securityGroups(
            groups.values().stream()
                .filter(
                    g ->
                        Filters.match(
                            r.filters(),
                            g.tags(),
                            Map.of(
                                "group-id",
                                g.groupId(),
                                "vpc-id",
                                g.vpcId(),
                                "group-name",
                                g.groupName())))
                .toList())
        .build();
  }

  CreateSecurityGroupResponse create(CreateSecurityGroupRequest r) {
    ec2.aws.call("createSecurityGroup");
    ec2.require(ec2.vpcs, r.vpcId(), "InvalidVpcID.NotFound");
    if (groups.values().stream()
        .anyMatch(g -> g.vpcId().equals(r.vpcId()) && g.groupName().equals(r.groupName()))) {
      throw FakeAws.error(
          "InvalidGroup.Duplicate",
          "The security group '" + r.groupName() + "' already exists",
          400);
    }
    String id = ec2.aws.id("sg");
    groups.put(
        id,
        SecurityGroup.builder()
            .groupId(id)
            .groupName(r.groupName())
            .description(r.description())
            .vpcId(r.vpcId())
            .tags(FakeEc2.tags(r.tagSpecifications()))
            .build());
    add(id, true, "-1", -1, -1, "0.0.0.0/0", null, null);
    ec2.aws.created(id);
    return CreateSecurityGroupResponse.builder().groupId(id).build();
  }

  DeleteSecurityGroupResponse delete(DeleteSecurityGroupRequest r) {
    ec2.aws.call("deleteSecurityGroup");
    ec2.require(groups, r.groupId(), "InvalidGroup.NotFound");
    boolean referenced =
        rules.values().stream()
            .anyMatch(
                x ->
                    !x.groupId().equals(r.groupId())
                        && x.referencedGroupInfo() != null
                        && r.groupId().equals(x.referencedGroupInfo().groupId()));
    if (referenced || ec2.aws.elbv2.uses(r.groupId()) || ec2.aws.classicElb.uses(r.groupId())) {
      throw FakeAws.error(
          "DependencyViolation", "resource " + r.groupId() + " has a dependent object", 400);
    }
    groups.remove(r.groupId());
    rules.values().removeIf(x -> x.groupId().equals(r.groupId()));
    return DeleteSecurityGroupResponse.builder().build();
  }

  DescribeSecurityGroupRulesResponse describeRules(DescribeSecurityGroupRulesRequest r) {
    ec2.aws.call("describeSecurityGroupRules");
    return DescribeSecurityGroupRulesResponse.builder()
        .securityGroupRules(
            rules.values().stream()
                .filter(x -> Filters.match(r.filters(), List.of(), Map.of("group-id", x.groupId())))
                .toList())
        .build();
  }

  AuthorizeSecurityGroupIngressResponse ingress(AuthorizeSecurityGroupIngressRequest r) {
    ec2.aws.call("authorizeSecurityGroupIngress");
    authorize(r.groupId(), false, r.ipPermissions());
    return AuthorizeSecurityGroupIngressResponse.builder().returnValue(true).build();
  }

  AuthorizeSecurityGroupEgressResponse egress(AuthorizeSecurityGroupEgressRequest r) {
    ec2.aws.call("authorizeSecurityGroupEgress");
    authorize(r.groupId(), true, r.ipPermissions());
    return AuthorizeSecurityGroupEgressResponse.builder().returnValue(true).build();
  }

  RevokeSecurityGroupIngressResponse revokeIngress(RevokeSecurityGroupIngressRequest r) {
    ec2.aws.call("revokeSecurityGroupIngress");
    revoke(r.groupId(), r.securityGroupRuleIds());
    return RevokeSecurityGroupIngressResponse.builder().returnValue(true).build();
  }

  RevokeSecurityGroupEgressResponse revokeEgress(RevokeSecurityGroupEgressRequest r) {
    ec2.aws.call("revokeSecurityGroupEgress");
    revoke(r.groupId(), r.securityGroupRuleIds());
    return RevokeSecurityGroupEgressResponse.builder().returnValue(true).build();
  }

  private void revoke(String groupId, List<String> ids) {
    ec2.require(groups, groupId, "InvalidGroup.NotFound");
    for (String id : ids) {
      if (rules.remove(id) == null) {
        throw FakeAws.error(
            "InvalidSecurityGroupRuleId.NotFound", "The rule " + id + " does not exist", 400);
      }
    }
  }

  private void authorize(String groupId, boolean egress, List<IpPermission> permissions) {
    ec2.require(groups, groupId, "InvalidGroup.NotFound");
    for (IpPermission p : permissions) {
      String protocol = "icmpv6".equals(p.ipProtocol()) ? "58" : p.ipProtocol();
      boolean ported = List.of("tcp", "udp", "icmp", "58").contains(protocol);
      int from = ported && p.fromPort() != null ? p.fromPort() : -1;
      int to = ported && p.toPort() != null ? p.toPort() : -1;
      p.ipRanges().forEach(x -> add(groupId, egress, protocol, from, to, x.cidrIp(), null, null));
      p.ipv6Ranges()
          .forEach(x -> add(groupId, egress, protocol, from, to, null, x.cidrIpv6(), null));
      for (UserIdGroupPair pair : p.userIdGroupPairs()) {
        ec2.require(groups, pair.groupId(), "InvalidGroup.NotFound");
        add(groupId, egress, protocol, from, to, null, null, pair.groupId());
      }
    }
  }

  private void add(
      String groupId,
      boolean egress,
      String protocol,
      int from,
      int to,
      String v4,
      String v6,
      String source) {
    for (SecurityGroupRule x : rules.values()) {
      boolean same =
          x.groupId().equals(groupId)
              && x.isEgress() == egress
              && x.ipProtocol().equals(protocol)
              && x.fromPort() == from
              && x.toPort() == to
              && Objects.equals(x.cidrIpv4(), v4)
              && Objects.equals(x.cidrIpv6(), v6)
              && Objects.equals(
                  x.referencedGroupInfo() == null ? null : x.referencedGroupInfo().groupId(),
                  source);
      if (same) {
        throw FakeAws.error(
            "InvalidPermission.Duplicate", "the specified rule already exists", 400);
      }
    }
    String id = ec2.aws.id("sgr");
    SecurityGroupRule.Builder b =
        SecurityGroupRule.builder()
            .securityGroupRuleId(id)
            .groupId(groupId)
            .isEgress(egress)
            .ipProtocol(protocol)
            .fromPort(from)
            .toPort(to)
            .cidrIpv4(v4)
            .cidrIpv6(v6);
    if (source != null) {
      b.referencedGroupInfo(ReferencedSecurityGroup.builder().groupId(source).build());
    }
    rules.put(id, b.build());
  }
}
