package dev.jkops.cloud.aws;

import dev.jkops.api.ClusterSubnet;
import dev.jkops.model.Role;
import dev.jkops.tasks.ResourceId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules only AWS' load balancers need (kops' api and bastion load balancer models): egress from
 * their groups, HTTPS from the API load balancer to the masters, SSH from the bastion's network
 * load balancer (and its subnets, which it shares with clients) to the bastion, and the ICMP
 * "fragmentation needed" messages path MTU discovery depends on.
 */
final class LoadBalancerRules {
  private LoadBalancerRules() {}

  static List<AwsResource> build(AwsCluster c) {
    List<AwsResource> out = new ArrayList<>();
    if (c.apiLoadBalancer().isPresent()) {
      api(c, out);
    }
    if (c.hasBastion()) {
      bastion(c, out);
    }
    return out;
  }

  private static void api(AwsCluster c, List<AwsResource> out) {
    String elb = SecurityResources.API_ELB;
    ResourceId elbGroup = SecurityResources.groupId(c, elb);
    ResourceId masters = SecurityResources.groupId(c, Role.CONTROL_PLANE);
    egress(c, elb, out);
    out.add(between("https-elb-to-master", masters, elbGroup, "tcp", 443, 443));
    for (String cidr : list(c.spec().kubernetesApiAccess())) {
      // The model leaves API access to the cloud when a load balancer fronts the API.
      out.add(
          new SecurityGroupRule(
              SecurityResources.fromCidrName(c, cidr, "tcp", 443, 443, elb),
              elbGroup,
              false,
              "tcp",
              443,
              443,
              Optional.of(cidr),
              Optional.empty()));
      out.add(pmtu("api-elb", cidr, elbGroup));
    }
    if (AwsCluster.NETWORK.equals(c.apiLoadBalancerClass())) {
      // A network load balancer passes ICMP both ways between clients' paths and the masters.
      out.add(between("icmp-pmtu-cp-to-elb", elbGroup, masters, "icmp", 3, 4));
      out.add(between("icmp-pmtu-elb-to-cp", masters, elbGroup, "icmp", 3, 4));
    }
  }

  private static void bastion(AwsCluster c, List<AwsResource> out) {
    String elb = SecurityResources.BASTION_ELB;
    ResourceId elbGroup = SecurityResources.groupId(c, elb);
    ResourceId bastion = SecurityResources.groupId(c, Role.BASTION);
    egress(c, elb, out);
    String elbName = c.named(elb);
    String bastionName = c.named(Role.BASTION.groupPrefix());
    out.add(
        between(
            SecurityResources.fromGroupName(c, elb, "ingress", "tcp", 22, 22, bastionName),
            bastion,
            elbGroup,
            "tcp",
            22,
            22));
    out.add(
        between(
            SecurityResources.fromGroupName(c, elb, "ingress", "icmp", 3, 4, bastionName),
            bastion,
            elbGroup,
            "icmp",
            3,
            4));
    out.add(
        between(
            SecurityResources.fromGroupName(
                c, Role.BASTION.groupPrefix(), "ingress", "icmp", 3, 4, elbName),
            elbGroup,
            bastion,
            "icmp",
            3,
            4));
    List<String> cidrs = new ArrayList<>(list(c.spec().sshAccess()));
    for (String subnetCidr : loadBalancerSubnetCidrs(c)) {
      // The load balancer's own subnets reach the bastion through it (health checks, clients
      // there).
      out.add(
          new SecurityGroupRule(
              SecurityResources.fromCidrName(c, subnetCidr, "tcp", 22, 22, elb),
              elbGroup,
              false,
              "tcp",
              22,
              22,
              Optional.of(subnetCidr),
              Optional.empty()));
      cidrs.add(subnetCidr);
    }
    for (String cidr : cidrs) {
      out.add(pmtu("ssh-nlb", cidr, elbGroup));
    }
  }

  /**
   * The CIDRs of the subnets the bastion's load balancer spans (every utility subnet, as {@link
   * #publicSubnets} says), not only the bastion group's: kops HEAD allows SSH and path MTU ICMP
   * from each, since clients and health checks in any of them reach the bastion through it.
   */
  static Set<String> loadBalancerSubnetCidrs(AwsCluster c) {
    Set<String> cidrs = new LinkedHashSet<>();
    publicSubnets(c).stream()
        .map(ClusterSubnet::cidr)
        .filter(cidr -> cidr != null)
        .forEach(cidrs::add);
    return cidrs;
  }

  /**
   * Where a public load balancer sits: the utility subnets, or the public ones when there are none.
   */
  static List<ClusterSubnet> publicSubnets(AwsCluster c) {
    List<ClusterSubnet> utility =
        c.subnets().stream().filter(s -> ClusterSubnet.UTILITY.equals(s.type())).toList();
    return utility.isEmpty()
        ? c.subnets().stream().filter(s -> !ClusterSubnet.PRIVATE.equals(s.type())).toList()
        : utility;
  }

  private static void egress(AwsCluster c, String prefix, List<AwsResource> out) {
    ResourceId group = SecurityResources.groupId(c, prefix);
    for (String cidr : List.of("0.0.0.0/0", "::/0")) {
      out.add(
          new SecurityGroupRule(
              SecurityResources.fromGroupName(c, prefix, "egress", "all", 0, 0, cidr),
              group,
              true,
              SecurityGroupRule.ALL,
              0,
              0,
              Optional.of(cidr),
              Optional.empty()));
    }
  }

  private static SecurityGroupRule between(
      String name, ResourceId group, ResourceId source, String protocol, int from, int to) {
    return new SecurityGroupRule(
        name, group, false, protocol, from, to, Optional.empty(), Optional.of(source));
  }

  /** ICMP "fragmentation needed" from {@code cidr} (ICMPv6, all types, for an IPv6 range). */
  private static SecurityGroupRule pmtu(String what, String cidr, ResourceId group) {
    boolean v6 = SecurityResources.ipv6(cidr);
    String name = (v6 ? "icmpv6-pmtu-" : "icmp-pmtu-") + what + "-" + AwsCluster.tfSanitize(cidr);
    return new SecurityGroupRule(
        name,
        group,
        false,
        v6 ? "icmpv6" : "icmp",
        v6 ? -1 : 3,
        v6 ? -1 : 4,
        Optional.of(cidr),
        Optional.empty());
  }

  private static List<String> list(List<String> l) {
    return l == null ? List.of() : l;
  }
}
