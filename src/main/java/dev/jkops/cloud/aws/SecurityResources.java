package dev.jkops.cloud.aws;

import dev.jkops.api.Cidr;
import dev.jkops.model.FirewallRule;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.Role;
import dev.jkops.tasks.ResourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The security groups (masters, nodes, bastion) and every rule of the model's firewall plan, plus
 * what only AWS has: the API and bastion load balancers' groups. Where a load balancer fronts the
 * API or the bastion, the model's access rules (443 from kubernetesApiAccess, 22 from sshAccess)
 * land on the load balancer's group instead, as kops does; {@link LoadBalancerRules} adds the rest.
 */
final class SecurityResources {
  static final String API_ELB = "api-elb";
  static final String BASTION_ELB = "bastion-elb";

  private SecurityResources() {}

  static List<AwsResource> build(AwsCluster c, NetworkPlan plan, Ref vpc) {
    List<AwsResource> out = new ArrayList<>();
    out.add(group(c, vpc, Role.CONTROL_PLANE.groupPrefix(), "Security group for masters"));
    out.add(group(c, vpc, Role.NODE.groupPrefix(), "Security group for nodes"));
    if (c.hasBastion()) {
      out.add(group(c, vpc, Role.BASTION.groupPrefix(), "Security group for bastion"));
      out.add(group(c, vpc, BASTION_ELB, "Security group for bastion ELB"));
    }
    if (c.apiLoadBalancer().isPresent()) {
      out.add(group(c, vpc, API_ELB, "Security group for api ELB"));
    }
    for (FirewallRule r : plan.firewallRules()) {
      if (r.fromRole() == Role.BASTION && !c.hasBastion()
          || r.toRole().orElse(null) == Role.BASTION && !c.hasBastion()) {
        continue;
      }
      out.add(rule(c, r));
    }
    for (AwsResource r : LoadBalancerRules.build(c)) {
      // A rule the model already gave (redirected to a load balancer's group) is not added twice.
      if (out.stream().noneMatch(x -> x.id().equals(r.id()))) {
        out.add(r);
      }
    }
    return out;
  }

  static SecurityGroup group(AwsCluster c, Ref vpc, String prefix, String description) {
    return new SecurityGroup(
        c.named(prefix), vpc, description, Tags.owned(c.name(), c.named(prefix)));
  }

  static ResourceId groupId(AwsCluster c, String prefix) {
    return SecurityGroup.idOf(c.named(prefix));
  }

  static ResourceId groupId(AwsCluster c, Role role) {
    return SecurityGroup.idOf(role.securityGroup(c.name()));
  }

  /** The AWS form of one model rule, redirected to a load balancer's group where one fronts it. */
  static SecurityGroupRule rule(AwsCluster c, FirewallRule r) {
    String protocol = FirewallRule.ALL.equals(r.protocol()) ? SecurityGroupRule.ALL : r.protocol();
    if (r.direction() == FirewallRule.Direction.EGRESS) {
      return new SecurityGroupRule(
          r.name(c.name()),
          groupId(c, r.fromRole()),
          true,
          protocol,
          r.fromPort(),
          r.toPort(),
          r.cidr(),
          Optional.empty());
    }
    Role to = r.toRole().orElseThrow();
    if (r.cidr().isPresent()) {
      String cidr = r.cidr().get();
      Optional<String> front = frontingLoadBalancer(c, to, r);
      if (front.isPresent()) {
        return new SecurityGroupRule(
            fromCidrName(c, cidr, protocol, r.fromPort(), r.toPort(), front.get()),
            groupId(c, front.get()),
            false,
            protocol,
            r.fromPort(),
            r.toPort(),
            Optional.of(cidr),
            Optional.empty());
      }
      return new SecurityGroupRule(
          r.name(c.name()),
          groupId(c, to),
          false,
          protocol,
          r.fromPort(),
          r.toPort(),
          Optional.of(cidr),
          Optional.empty());
    }
    return new SecurityGroupRule(
        r.name(c.name()),
        groupId(c, to),
        false,
        protocol,
        r.fromPort(),
        r.toPort(),
        Optional.empty(),
        Optional.of(groupId(c, r.fromRole())));
  }

  /** The load balancer group that receives an outside access rule, if a load balancer fronts it. */
  private static Optional<String> frontingLoadBalancer(AwsCluster c, Role to, FirewallRule r) {
    boolean https = "tcp".equals(r.protocol()) && r.fromPort() == 443 && r.toPort() == 443;
    boolean ssh = "tcp".equals(r.protocol()) && r.fromPort() == 22 && r.toPort() == 22;
    if (to == Role.CONTROL_PLANE && https && c.apiLoadBalancer().isPresent()) {
      return Optional.of(API_ELB);
    }
    if (to == Role.BASTION && ssh && c.hasBastion()) {
      return Optional.of(BASTION_ELB);
    }
    return Optional.empty();
  }

  /**
   * kops' name of an ingress rule from a CIDR: {@code
   * from-<cidr>-ingress-<proto>-<from>to<to>-<group>}.
   */
  static String fromCidrName(
      AwsCluster c, String cidr, String protocol, int from, int to, String groupPrefix) {
    return "from-"
        + AwsCluster.tfSanitize(cidr)
        + "-ingress-"
        + protocol
        + "-"
        + from
        + "to"
        + to
        + "-"
        + AwsCluster.tfSanitize(c.named(groupPrefix));
  }

  /** kops' name of a rule between groups or an egress rule, built the same way. */
  static String fromGroupName(
      AwsCluster c,
      String fromPrefix,
      String direction,
      String protocol,
      int from,
      int to,
      String other) {
    String p = SecurityGroupRule.ALL.equals(protocol) ? "all" : protocol;
    return "from-"
        + AwsCluster.tfSanitize(c.named(fromPrefix))
        + "-"
        + direction
        + "-"
        + p
        + "-"
        + from
        + "to"
        + to
        + "-"
        + AwsCluster.tfSanitize(other);
  }

  static boolean ipv6(String cidr) {
    return Cidr.isIpv6(cidr);
  }
}
