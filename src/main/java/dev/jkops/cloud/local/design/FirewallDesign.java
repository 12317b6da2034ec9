package dev.jkops.cloud.local.design;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.resources.InstanceFirewall;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.cloud.local.vpc.SecurityGroupRuleset.Ingress;
import dev.jkops.cloud.local.vpc.SourceList;
import dev.jkops.model.FirewallRule;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.Role;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The plan's security group rules, per instance. A rule from a group admits the group's instance
 * addresses and their pod ranges: AWS matches a source group by the sending interface, and pod
 * traffic leaves a node through that interface. Each group's member list is made once and shared by
 * every instance that admits it (AWS evaluates membership centrally; only the kernel needs a copy
 * per namespace, written when the ruleset is applied), so the design stays linear in the nodes.
 */
final class FirewallDesign {
  private FirewallDesign() {}

  static List<InstanceFirewall> resources(ClusterNames names, NetworkPlan plan) {
    return resources(names, plan, Map.of());
  }

  /**
   * With the pod ranges instances hold besides the plan's own (during a switch to or from
   * amazonvpc, the range of the configuration a node still runs), counted as its group's members.
   */
  static List<InstanceFirewall> resources(
      ClusterNames names, NetworkPlan plan, Map<String, List<String>> otherRanges) {
    Map<Role, SourceList> members = members(plan, otherRanges);
    List<InstanceFirewall> out = new ArrayList<>();
    for (Instance i : plan.instances()) {
      List<Ingress> ingress = new ArrayList<>();
      List<String> egress = new ArrayList<>();
      int count = 0;
      for (FirewallRule r : plan.firewallRules()) {
        if (r.direction() == FirewallRule.Direction.EGRESS && r.fromRole() == i.role()) {
          egress.add(r.cidr().orElseThrow());
          count++;
        } else if (r.direction() == FirewallRule.Direction.INGRESS
            && r.toRole().orElse(null) == i.role()) {
          SourceList sources =
              r.cidr()
                  .map(SourceList::cidr)
                  .orElseGet(
                      () -> members.computeIfAbsent(r.fromRole(), role -> empty(plan, role)));
          ingress.add(
              new Ingress(
                  r.name(plan.clusterName()), sources, r.protocol(), r.fromPort(), r.toPort()));
          count++;
        }
      }
      out.add(
          InstanceFirewall.of(
              names, i.name(), i.role().securityGroup(plan.clusterName()), ingress, egress, count));
    }
    return out;
  }

  /**
   * Every group's members (each instance's address, then its pod range), in one pass over the
   * instances.
   */
  static Map<Role, SourceList> members(NetworkPlan plan) {
    return members(plan, Map.of());
  }

  static Map<Role, SourceList> members(NetworkPlan plan, Map<String, List<String>> otherRanges) {
    Map<Role, List<String>> addresses = new EnumMap<>(Role.class);
    for (Instance i : plan.instances()) {
      List<String> out = addresses.computeIfAbsent(i.role(), r -> new ArrayList<>());
      out.add(i.privateAddress());
      plan.podRange(i.name()).map(Cidr::toString).ifPresent(out::add);
      // an IPv6 cluster's members send from their IPv6 address and their pods' /80 as well
      if (i.ipv6Address() != null && !i.ipv6Ip().equals(i.privateAddress())) {
        out.add(i.ipv6Ip());
      }
      java.util.Optional.ofNullable(plan.ipam().ipv6NodePrefixes().get(i.name()))
          .map(Object::toString)
          .ifPresent(out::add);
      otherRanges.getOrDefault(i.name(), List.of()).stream()
          .filter(r -> !out.contains(r))
          .forEach(out::add);
    }
    Map<Role, SourceList> lists = new EnumMap<>(Role.class);
    addresses.forEach(
        (role, list) ->
            lists.put(role, SourceList.of(role.securityGroup(plan.clusterName()), list)));
    return lists;
  }

  private static SourceList empty(NetworkPlan plan, Role role) {
    return SourceList.of(role.securityGroup(plan.clusterName()), List.of());
  }
}
