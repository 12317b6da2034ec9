package dev.jkops.model;

import dev.jkops.api.ClusterSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * kops' security group model (kops >= 1.5.2, facts section 4): node to node all traffic; master to
 * master and master to node all; node to master UDP 1-65535 and TCP except the etcd ports 2380-2381
 * and 4001-4002; egress all; ssh from spec.sshAccess (to the bastion in a private topology with
 * one, else to masters and nodes), the API on 443 from spec.kubernetesApiAccess; then any rule a
 * provider's {@link PortNeed} still lacks (calico's protocol 4 nodes to masters). Load balancer
 * rules (api-elb, bastion-elb, PMTU ICMP) belong to the AWS cloud, not here; so does API access
 * when the API sits behind a load balancer.
 */
public final class FirewallModel {
  private FirewallModel() {}

  /** The base rules between the cluster's groups, for clusters with or without a bastion. */
  public static List<FirewallRule> baseRules(boolean withBastion) {
    List<FirewallRule> rules = new ArrayList<>();
    rules.add(FirewallRule.between(Role.CONTROL_PLANE, Role.CONTROL_PLANE, FirewallRule.ALL, 0, 0));
    rules.add(FirewallRule.between(Role.CONTROL_PLANE, Role.NODE, FirewallRule.ALL, 0, 0));
    rules.add(FirewallRule.between(Role.NODE, Role.NODE, FirewallRule.ALL, 0, 0));
    rules.add(FirewallRule.between(Role.NODE, Role.CONTROL_PLANE, "tcp", 1, 2379));
    rules.add(FirewallRule.between(Role.NODE, Role.CONTROL_PLANE, "tcp", 2382, 4000));
    rules.add(FirewallRule.between(Role.NODE, Role.CONTROL_PLANE, "tcp", 4003, 65535));
    rules.add(FirewallRule.between(Role.NODE, Role.CONTROL_PLANE, "udp", 1, 65535));
    if (withBastion) {
      rules.add(FirewallRule.between(Role.BASTION, Role.CONTROL_PLANE, "tcp", 22, 22));
      rules.add(FirewallRule.between(Role.BASTION, Role.NODE, "tcp", 22, 22));
    }
    return rules;
  }

  /** Every rule the cluster needs: base, access, egress, and the provider's missing ports. */
  public static List<FirewallRule> rules(NetworkContext ctx, List<PortNeed> needs) {
    boolean bastion =
        ctx.instances().stream().anyMatch(i -> i.role() == Role.BASTION)
            || ctx.bundle().instanceGroups().stream().anyMatch(ig -> ig.spec().isBastion());
    List<FirewallRule> rules = new ArrayList<>(baseRules(bastion));
    for (PortNeed need : needs) {
      boolean admitted =
          rules.stream()
              .anyMatch(
                  r ->
                      r.covers(
                          need.from(), need.to(), need.protocol(), need.fromPort(), need.toPort()));
      if (!admitted) {
        rules.add(
            FirewallRule.between(
                need.from(), need.to(), need.protocol(), need.fromPort(), need.toPort()));
      }
    }
    ClusterSpec spec = ctx.spec();
    List<String> ssh = spec.sshAccess() == null ? List.of() : spec.sshAccess();
    for (String cidr : ssh) {
      if (bastion) {
        rules.add(FirewallRule.fromCidr(cidr, Role.BASTION, "tcp", 22));
      } else {
        rules.add(FirewallRule.fromCidr(cidr, Role.CONTROL_PLANE, "tcp", 22));
        rules.add(FirewallRule.fromCidr(cidr, Role.NODE, "tcp", 22));
      }
    }
    // Behind a load balancer (set in the spec, or kops' default for a private topology) the API's
    // access rules name the load balancer's group, which the AWS cloud owns.
    boolean apiBehindLoadBalancer =
        (spec.api() != null && spec.api().loadBalancer() != null) || ctx.isPrivateTopology();
    List<String> api =
        spec.kubernetesApiAccess() == null || apiBehindLoadBalancer
            ? List.of()
            : spec.kubernetesApiAccess();
    for (String cidr : api) {
      rules.add(FirewallRule.fromCidr(cidr, Role.CONTROL_PLANE, "tcp", 443));
    }
    List<Role> groups =
        bastion
            ? List.of(Role.CONTROL_PLANE, Role.NODE, Role.BASTION)
            : List.of(Role.CONTROL_PLANE, Role.NODE);
    for (Role r : groups) {
      rules.add(FirewallRule.egress(r, "0.0.0.0/0"));
      rules.add(FirewallRule.egress(r, "::/0"));
    }
    return List.copyOf(rules);
  }
}
