package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/**
 * Finds, creates and deletes security groups and their rules. AWS gives rules no names, so a live
 * rule is known by what it allows; the names desired rules were found under are remembered so that
 * listing a group's rules names them the same way.
 */
final class Ec2Security {
  private final AwsContext c;
  private final Map<String, String> namesByContent = new HashMap<>();
  private final Map<ResourceId, String> ruleIds = new HashMap<>();

  Ec2Security(AwsContext c) {
    this.c = c;
  }

  Optional<AwsResource> findGroup(dev.jkops.cloud.aws.SecurityGroup d) {
    var all =
        c.retry()
            .call(
                "finding security group " + d.name(),
                () ->
                    c.ec2()
                        .describeSecurityGroups(
                            r -> r.filters(Ec2Tags.named(c.cluster(), d.name()))))
            .securityGroups();
    return all.stream()
        .findFirst()
        .map(
            g -> {
              c.ids().put(d.id(), g.groupId());
              return group(g, d.tags().keySet());
            });
  }

  dev.jkops.cloud.aws.SecurityGroup group(
      software.amazon.awssdk.services.ec2.model.SecurityGroup g, Set<String> keys) {
    return new dev.jkops.cloud.aws.SecurityGroup(
        g.groupName(), c.ids().ref(g.vpcId()), g.description(), Ec2Tags.map(g.tags(), keys));
  }

  void createGroup(dev.jkops.cloud.aws.SecurityGroup d) {
    String id =
        c.retry()
            .call(
                "creating security group " + d.name(),
                () ->
                    c.ec2()
                        .createSecurityGroup(
                            r ->
                                r.groupName(d.name())
                                    .description(d.description())
                                    .vpcId(c.ids().resolve(d.vpc()))
                                    .tagSpecifications(
                                        Ec2Tags.spec(ResourceType.SECURITY_GROUP, d.tags()))))
            .groupId();
    c.ids().put(d.id(), id);
  }

  /**
   * The live rules of a group, in jkops' form, named by content (or by their AWS id if unknown).
   */
  List<dev.jkops.cloud.aws.SecurityGroupRule> rules(ResourceId group) {
    Optional<String> groupId = c.ids().awsId(group);
    if (groupId.isEmpty()) {
      return List.of();
    }
    List<SecurityGroupRule> live =
        c.retry()
            .call(
                "reading the rules of " + group.name(),
                () ->
                    c.ec2()
                        .describeSecurityGroupRules(
                            r -> r.filters(Ec2Tags.filter("group-id", groupId.get()))))
            .securityGroupRules();
    List<dev.jkops.cloud.aws.SecurityGroupRule> out = new ArrayList<>();
    for (SecurityGroupRule r : live) {
      dev.jkops.cloud.aws.SecurityGroupRule rule = rule(r, group);
      ruleIds.put(rule.id(), r.securityGroupRuleId());
      out.add(rule);
    }
    return out;
  }

  private dev.jkops.cloud.aws.SecurityGroupRule rule(SecurityGroupRule r, ResourceId group) {
    String protocol = "58".equals(r.ipProtocol()) ? "icmpv6" : r.ipProtocol();
    int from = r.fromPort() == null ? -1 : r.fromPort();
    int to = r.toPort() == null ? -1 : r.toPort();
    boolean ported = List.of("tcp", "udp", "icmp").contains(protocol);
    if (dev.jkops.cloud.aws.SecurityGroupRule.ALL.equals(protocol)) {
      from = 0;
      to = 0;
    } else if (!ported && !"icmpv6".equals(protocol)) {
      // AWS ignores ports for other IP protocols; kops (and jkops) write 0-65535.
      from = 0;
      to = 65535;
    }
    Optional<String> cidr = Optional.ofNullable(r.cidrIpv4() != null ? r.cidrIpv4() : r.cidrIpv6());
    Optional<ResourceId> source =
        r.referencedGroupInfo() == null
            ? Optional.empty()
            : Optional.of(
                c.ids()
                    .name(r.referencedGroupInfo().groupId())
                    .orElse(
                        dev.jkops.cloud.aws.SecurityGroup.idOf(r.referencedGroupInfo().groupId())));
    String key = key(group, r.isEgress(), protocol, from, to, cidr, source);
    String name = namesByContent.getOrDefault(key, r.securityGroupRuleId());
    return new dev.jkops.cloud.aws.SecurityGroupRule(
        name, group, r.isEgress(), protocol, from, to, cidr, source);
  }

  private static String key(
      ResourceId group,
      boolean egress,
      String protocol,
      int from,
      int to,
      Optional<String> cidr,
      Optional<ResourceId> source) {
    return group
        + "|"
        + egress
        + "|"
        + protocol
        + "|"
        + from
        + "|"
        + to
        + "|"
        + cidr.orElse("")
        + "|"
        + source.map(Object::toString).orElse("");
  }

  private static String key(dev.jkops.cloud.aws.SecurityGroupRule d) {
    return key(
        d.securityGroup(),
        d.egress(),
        d.protocol(),
        d.fromPort(),
        d.toPort(),
        d.cidr(),
        d.sourceGroup());
  }

  Optional<AwsResource> findRule(dev.jkops.cloud.aws.SecurityGroupRule d) {
    namesByContent.put(key(d), d.name());
    return rules(d.securityGroup()).stream()
        .filter(r -> r.name().equals(d.name()))
        .findFirst()
        .map(r -> r);
  }

  private IpPermission permission(dev.jkops.cloud.aws.SecurityGroupRule d) {
    IpPermission.Builder p = IpPermission.builder().ipProtocol(d.protocol());
    if (!dev.jkops.cloud.aws.SecurityGroupRule.ALL.equals(d.protocol())) {
      p.fromPort(d.fromPort()).toPort(d.toPort());
    }
    d.cidr()
        .ifPresent(
            cidr -> {
              if (d.ipv6()) {
                p.ipv6Ranges(x -> x.cidrIpv6(cidr));
              } else {
                p.ipRanges(x -> x.cidrIp(cidr));
              }
            });
    d.sourceGroup().ifPresent(g -> p.userIdGroupPairs(x -> x.groupId(c.ids().require(g))));
    return p.build();
  }

  /**
   * Authorizes a rule. AWS answers InvalidPermission.Duplicate when the rule is there already (a
   * new group's default egress rule, or a rule added since the plan): that is the state wanted.
   */
  void createRule(dev.jkops.cloud.aws.SecurityGroupRule d) {
    String group = c.ids().require(d.securityGroup());
    try {
      if (d.egress()) {
        c.retry()
            .runAfterCreate(
                "authorizing egress " + d.name(),
                () ->
                    c.ec2()
                        .authorizeSecurityGroupEgress(
                            r -> r.groupId(group).ipPermissions(permission(d))));
      } else {
        c.retry()
            .runAfterCreate(
                "authorizing ingress " + d.name(),
                () ->
                    c.ec2()
                        .authorizeSecurityGroupIngress(
                            r -> r.groupId(group).ipPermissions(permission(d))));
      }
    } catch (AwsException e) {
      if (!(e.getCause() instanceof AwsServiceException ase
          && "InvalidPermission.Duplicate".equals(AwsRetry.code(ase)))) {
        throw e;
      }
    }
  }

  void deleteRule(dev.jkops.cloud.aws.SecurityGroupRule d) {
    String group = c.ids().require(d.securityGroup());
    String ruleId = ruleIds.get(d.id());
    if (ruleId == null) {
      rules(d.securityGroup());
      ruleId = ruleIds.get(d.id());
    }
    String id = ruleId;
    if (id == null) {
      return;
    }
    if (d.egress()) {
      c.retry()
          .run(
              "revoking egress " + d.name(),
              () ->
                  c.ec2()
                      .revokeSecurityGroupEgress(r -> r.groupId(group).securityGroupRuleIds(id)));
    } else {
      c.retry()
          .run(
              "revoking ingress " + d.name(),
              () ->
                  c.ec2()
                      .revokeSecurityGroupIngress(r -> r.groupId(group).securityGroupRuleIds(id)));
    }
  }
}
