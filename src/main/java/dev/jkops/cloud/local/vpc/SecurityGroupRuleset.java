package dev.jkops.cloud.local.vpc;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders an instance's security group as the body of nftables table {@code inet jk-sg}: what
 * arrives on eth0 (for the instance itself, or forwarded to its pods) passes only when a rule
 * admits it or it answers traffic the instance started; everything else is dropped and counted.
 * Egress is open when the group allows all egress (kops' default), else limited to its CIDRs.
 */
public final class SecurityGroupRuleset {
  private SecurityGroupRuleset() {}

  /**
   * IPv6's ARP: router and neighbour solicitations and advertisements (ICMPv6 133-136). They come
   * from link-local addresses (a router forwarding a packet solicits from its {@code fe80::}),
   * which no group's source list holds, and conntrack never sees them as part of a flow; without
   * this an IPv6 instance answers no neighbour and nothing reaches it. AWS' security groups do not
   * filter neighbour discovery either. A router advertisement changes nothing: jkops' namespaces
   * ignore them ({@code accept_ra=0}), so none gains a default route.
   */
  static final String NEIGHBOUR_DISCOVERY =
      "    icmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit,"
          + " nd-neighbor-advert } accept comment \"neighbour discovery\"\n";

  /**
   * An ingress rule: {@code sources} are the addresses it admits (the source group's instance
   * addresses and their pod ranges, as AWS admits traffic from the group's interfaces, or a CIDR),
   * the same list object for every instance that admits the group. {@code protocol} is tcp, udp,
   * icmp, all, or an IP protocol number.
   */
  public record Ingress(
      String name, SourceList sources, String protocol, int fromPort, int toPort) {
    /** What the rule's digest is made of: the rule and its sources' digest, not their addresses. */
    public String signature() {
      return name
          + " "
          + protocol
          + " "
          + fromPort
          + "-"
          + toPort
          + " from "
          + sources.name()
          + "@"
          + sources.digest();
    }
  }

  /**
   * A digest of the ruleset {@link #render} would write, computed from each rule and the digest of
   * its sources (made once per list), so it costs one line per rule, not one per member; any change
   * of a member changes its list's digest and so the digest of every ruleset admitting it.
   */
  public static String digest(List<Ingress> ingress, List<String> egressCidrs) {
    StringBuilder sb = new StringBuilder("v3\n"); // v3: neighbour discovery accepted
    ingress.forEach(r -> sb.append(r.signature()).append('\n'));
    sb.append("egress ").append(String.join(", ", egressCidrs));
    return dev.jkops.cloud.local.runtime.ClusterNames.shortHash(sb.toString(), 12);
  }

  public static String render(List<Ingress> ingress, List<String> egressCidrs) {
    List<String> rules = new ArrayList<>();
    for (Ingress r : ingress) {
      List<String> v4 = r.sources().addresses().stream().filter(a -> !a.contains(":")).toList();
      List<String> v6 = r.sources().addresses().stream().filter(a -> a.contains(":")).toList();
      if (!v4.isEmpty()) {
        rules.add(rule("ip", v4, r));
      }
      if (!v6.isEmpty()) {
        rules.add(rule("ip6", v6, r));
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String hook : List.of("input", "forward")) {
      sb.append("  chain ")
          .append(hook)
          .append("-eth0 {\n")
          .append("    type filter hook ")
          .append(hook)
          .append(" priority 0; policy accept;\n")
          .append("    iifname != \"eth0\" accept\n")
          .append("    ct state established,related accept\n")
          .append(NEIGHBOUR_DISCOVERY);
      rules.forEach(r -> sb.append("    ").append(r).append('\n'));
      sb.append("    counter drop comment \"no security group rule admits this\"\n  }\n");
    }
    if (!egressCidrs.contains(
        "0.0.0.0/0")) { // kops' egress is 0.0.0.0/0 (and ::/0): nothing to filter
      sb.append("  chain output-eth0 {\n    type filter hook output priority 0; policy accept;\n")
          .append("    oifname != \"eth0\" accept\n    ct state established,related accept\n");
      if (!egressCidrs.isEmpty()) {
        egressCidrs.stream()
            .filter(c -> !c.contains(":"))
            .reduce((a, b) -> a + ", " + b)
            .ifPresent(v4 -> sb.append("    ip daddr { ").append(v4).append(" } accept\n"));
        egressCidrs.stream()
            .filter(c -> c.contains(":"))
            .reduce((a, b) -> a + ", " + b)
            .ifPresent(v6 -> sb.append("    ip6 daddr { ").append(v6).append(" } accept\n"));
      }
      sb.append("    counter drop comment \"no egress rule allows this\"\n  }\n");
    }
    return sb.toString();
  }

  static String rule(String family, List<String> sources, Ingress r) {
    String from = family + " saddr { " + String.join(", ", sources) + " } ";
    String ports =
        r.fromPort() == r.toPort()
            ? Integer.toString(r.fromPort())
            : r.fromPort() + "-" + r.toPort();
    String match =
        switch (r.protocol()) {
          case "all", "-1" -> "";
          case "tcp", "udp" -> r.protocol() + " dport " + ports + " ";
          case "icmp" -> family.equals("ip") ? "meta l4proto icmp " : "meta l4proto ipv6-icmp ";
          default -> "meta l4proto " + r.protocol() + " ";
        };
    String comment = r.name().length() > 120 ? r.name().substring(0, 120) : r.name();
    return from + match + "accept comment \"" + comment + "\"";
  }
}
