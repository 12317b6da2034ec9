package dev.jkops.cloud.local.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns NetworkPolicy into nftables, one table per pod, loaded in the pod's own network namespace:
 * chain {@code pod_ingress} on the input hook (what reaches the pod) and {@code pod_egress} on the
 * output hook (what the pod sends). Selectors are resolved to the addresses of the pods they select
 * now (as calico and weave-npc do with ipsets), so the tables are recompiled whenever pods or
 * policies change.
 *
 * <p>In an isolated direction the chain drops by default and accepts: replies ({@code ct state
 * established,related}), loopback, on ingress the pod's own node, then each policy rule as peers x
 * ports. A direction no policy isolates accepts everything.
 */
public final class PolicyCompiler {
  private final PolicyWorld world;

  public PolicyCompiler(PolicyWorld world) {
    this.world = world;
  }

  public List<PodRuleset> compileAll() {
    return world.pods().stream().map(this::compile).toList();
  }

  public PodRuleset compile(PolicyPod pod) {
    List<NetworkPolicy> ingress = world.isolating(pod, PolicyType.Ingress);
    List<NetworkPolicy> egress = world.isolating(pod, PolicyType.Egress);
    StringBuilder t = new StringBuilder("table " + PodRuleset.TABLE + " {\n");
    chain(t, "pod_ingress", "input", pod, ingress, PolicyType.Ingress);
    chain(t, "pod_egress", "output", pod, egress, PolicyType.Egress);
    t.append("}\n");
    return new PodRuleset(pod, !ingress.isEmpty(), !egress.isEmpty(), t.toString());
  }

  private void chain(
      StringBuilder t,
      String name,
      String hook,
      PolicyPod pod,
      List<NetworkPolicy> policies,
      PolicyType type) {
    boolean isolated = !policies.isEmpty();
    t.append("\tchain ").append(name).append(" {\n");
    t.append("\t\ttype filter hook ")
        .append(hook)
        .append(" priority filter; policy ")
        .append(isolated ? "drop" : "accept")
        .append(";\n");
    if (isolated) {
      t.append("\t\tct state established,related accept\n");
      t.append("\t\t")
          .append(type == PolicyType.Ingress ? "iifname" : "oifname")
          .append(" \"lo\" accept\n");
      if (pod.address().contains(":")) {
        // Neighbour discovery is IPv6's ARP: without it the pod cannot reach even what is allowed.
        t.append("\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept\n");
      }
      if (type == PolicyType.Ingress) {
        Set<String> node = world.addressesOfNode(pod.node());
        for (boolean ipv6 : new boolean[] {false, true}) {
          List<String> family = node.stream().filter(a -> a.contains(":") == ipv6).toList();
          if (!family.isEmpty()) {
            t.append(ipv6 ? "\t\tip6 saddr " : "\t\tip saddr ")
                .append(set(family))
                .append(" accept comment \"from its own node ")
                .append(pod.node())
                .append("\"\n");
          }
        }
      }
      for (NetworkPolicy policy : policies) {
        List<PolicyRule> rules = policy.rules(type);
        for (int i = 0; i < rules.size(); i++) {
          String where =
              policy.qualifiedName()
                  + " "
                  + (type == PolicyType.Ingress ? "ingress" : "egress")
                  + "["
                  + i
                  + "]";
          for (String line : ruleLines(rules.get(i), policy.namespace(), type, where)) {
            t.append("\t\t").append(line).append('\n');
          }
        }
      }
    }
    t.append("\t}\n");
  }

  /**
   * One line per peer x port; a rule whose selectors pick no pod yet gives none. Each match names
   * its family ({@code ip} or {@code ip6}): an IPv6 block or pod address matches only IPv6 packets,
   * as the table is {@code inet}.
   */
  private List<String> ruleLines(PolicyRule rule, String namespace, PolicyType type, String where) {
    String dir = type == PolicyType.Ingress ? " saddr " : " daddr ";
    List<String> peers = new ArrayList<>();
    if (rule.peers().isEmpty()) {
      peers.add("");
    } else {
      Set<String> selected = new TreeSet<>(PolicyWorld::compareAddresses);
      for (PolicyPeer peer : rule.peers()) {
        if (peer.ipBlock().isPresent()) {
          IpBlock b = peer.ipBlock().get();
          String addr = b.cidr().nftFamily() + dir;
          String m = addr + b.cidr();
          if (!b.except().isEmpty()) {
            m += " " + addr + "!= " + set(b.except().stream().map(Object::toString).toList());
          }
          peers.add(m + " ");
        } else {
          selected.addAll(world.addressesSelectedBy(peer, namespace));
        }
      }
      List<String> v4 = selected.stream().filter(a -> !a.contains(":")).toList();
      List<String> v6 = selected.stream().filter(a -> a.contains(":")).toList();
      if (!v4.isEmpty()) {
        peers.add("ip" + dir + set(v4) + " ");
      }
      if (!v6.isEmpty()) {
        peers.add("ip6" + dir + set(v6) + " ");
      }
    }
    List<String> ports =
        rule.ports().isEmpty() ? List.of("") : rule.ports().stream().map(this::port).toList();
    Set<String> lines = new LinkedHashSet<>();
    for (String peer : peers) {
      for (String port : ports) {
        lines.add(peer + port + "accept comment \"" + where + "\"");
      }
    }
    return List.copyOf(lines);
  }

  private String port(PolicyPort p) {
    if (p.port().isEmpty()) {
      return "meta l4proto " + p.protocol().nft() + " ";
    }
    String range =
        p.endPort()
            .filter(e -> !e.equals(p.port().get()))
            .map(e -> p.port().get() + "-" + e)
            .orElse(String.valueOf(p.port().get()));
    return p.protocol().nft() + " dport " + range + " ";
  }

  private static String set(java.util.Collection<String> items) {
    return "{ " + String.join(", ", items) + " }";
  }
}
