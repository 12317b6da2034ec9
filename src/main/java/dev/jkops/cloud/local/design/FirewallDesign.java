package dev.jkops.cloud.local.design;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.ClusterNames;
import dev.jkops.cloud.local.resources.InstanceFirewall;
import dev.jkops.cloud.local.vpc.SecurityGroupRuleset;
import dev.jkops.cloud.local.vpc.SecurityGroupRuleset.Ingress;
import dev.jkops.model.FirewallRule;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan's security group rules, per instance. A rule from a group admits the group's instance
 * addresses and their pod ranges: AWS matches a source group by the sending interface, and pod
 * traffic leaves a node through that interface.
 */
final class FirewallDesign {
  private FirewallDesign() {}

  static List<InstanceFirewall> resources(ClusterNames names, NetworkPlan plan) {
    List<InstanceFirewall> out = new ArrayList<>();
    for (Instance i : plan.instances()) {
      List<Ingress> ingress = new ArrayList<>();
      List<String> egress = new ArrayList<>();
      int count = 0;
      for (FirewallRule r : plan.firewallRules()) {
        if (r.direction() == FirewallRule.Direction.EGRESS && r.fromRole() == i.role()) {
          egress.add(r.cidr().orElseThrow());
          count++;
        } else if (r.direction() == FirewallRule.Direction.INGRESS && r.toRole().orElse(null) == i.role()) {
          List<String> sources = r.cidr().map(List::of).orElseGet(() -> members(plan, r.fromRole()));
          ingress.add(new Ingress(r.name(plan.clusterName()), sources, r.protocol(), r.fromPort(), r.toPort()));
          count++;
        }
      }
      out.add(InstanceFirewall.of(names, i.name(), i.role().securityGroup(plan.clusterName()),
          SecurityGroupRuleset.render(ingress, egress), count));
    }
    return out;
  }

  static List<String> members(NetworkPlan plan, Role role) {
    List<String> out = new ArrayList<>();
    for (Instance i : plan.instances()) {
      if (i.role() == role) {
        out.add(i.privateAddress());
        plan.podRange(i.name()).map(Cidr::toString).ifPresent(out::add);
      }
    }
    return out;
  }
}
