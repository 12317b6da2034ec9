package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.kernel.Nft;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EC2's source/dest check, enforced by the VPC: a bridge-family table per instance port in the VPC
 * namespace drops frames the instance sends from any address but its own, and frames delivered to
 * it for any address but its own. With the check off (kubenet, classic, calico), the table is
 * absent and the instance may forward pod traffic. An instance's own addresses are its address and
 * its secondary ranges (amazonvpc's pod block, as AWS counts an ENI's secondary addresses). An IPv6
 * cluster's instance has a second table for its IPv6 frames ({@link #turnOnIpv6}), a resource of
 * its own ({@code SourceDestCheckIpv6}).
 */
final class SourceDestCheck {
  private SourceDestCheck() {}

  static String table(String port) {
    return "jk-sdc-" + port;
  }

  /**
   * Whether the check is on for the port, from the VPC namespace's tables as {@link Nft#tables}
   * lists them.
   */
  static boolean isOn(java.util.Set<String> vpcTables, String port) {
    return vpcTables.contains("bridge " + table(port));
  }

  static void turnOn(
      LocalContext ctx,
      String port,
      String instance,
      String address,
      java.util.List<String> secondaryRanges) {
    ctx.kernel()
        .nft()
        .apply(
            ctx.names().vpcNamespace(),
            "turn the source/dest check on for " + instance,
            ruleset(port, instance, address, secondaryRanges));
  }

  /**
   * The IPv4 check's table: one template for both kinds of instance, only the match and the comment
   * of each chain's drop rule differ. An instance of an IPv6-only subnet owns no IPv4 address, so
   * every IPv4 frame it sends or is sent is dropped; its IPv6 frames are checked by a table of
   * their own ({@link #turnOnIpv6}: its address and its /80, as AWS counts a delegated prefix), as
   * every IPv6 instance's are.
   */
  static String ruleset(
      String port, String instance, String address, List<String> secondaryRanges) {
    String fromMatch;
    String toMatch;
    String fromWhy;
    String toWhy;
    if (address.contains(":")) {
      fromMatch = "";
      toMatch = "";
      fromWhy = instance + " has no IPv4 address";
      toWhy = fromWhy;
    } else {
      String own =
          secondaryRanges.isEmpty()
              ? address
              : "{ " + address + ", " + String.join(", ", secondaryRanges) + " }";
      String words =
          secondaryRanges.isEmpty()
              ? address
              : address + " and " + String.join(", ", secondaryRanges);
      fromMatch = "ip saddr != " + own + " ";
      toMatch = "ip daddr != " + own + " ";
      fromWhy = instance + " may only send from " + words;
      toWhy = instance + " only receives for " + words;
    }
    return """
        table bridge %1$s {}
        delete table bridge %1$s
        table bridge %1$s {
          chain from-instance {
            type filter hook prerouting priority -10; policy accept;
            iifname "%2$s" ether type ip %3$scounter drop comment "source/dest check: %4$s"
          }
          chain to-instance {
            type filter hook postrouting priority -10; policy accept;
            oifname "%2$s" ether type ip %5$scounter drop comment "source/dest check: %6$s"
          }
        }
        """
        .formatted(table(port), port, fromMatch, fromWhy, toMatch, toWhy);
  }

  static void turnOff(LocalContext ctx, String port) {
    if (ctx.vpcExists()) {
      Nft nft = ctx.kernel().nft();
      nft.deleteTable(ctx.names().vpcNamespace(), "bridge", table(port));
    }
  }

  /** The IPv6 check's table name prefix; the port follows. */
  static final String IPV6_PREFIX = "jk-sdc6-";

  static String ipv6Table(String port) {
    return IPV6_PREFIX + port;
  }

  /**
   * The IPv6 check (an IPv6 cluster's instance): frames of type IPv6 only, so it sits beside the
   * IPv4 table and neither sees the other's traffic. Besides the instance's own addresses it lets
   * through what neighbour discovery needs: link-local sources and destinations ({@code
   * fe80::/10}), multicast destinations (a neighbour solicitation goes to the solicited-node
   * group), and the unspecified source {@code ::} for solicitations and multicast listener reports
   * only (a kernel sends those before it has an address). The own list is the table's comment, so a
   * later run reads it back.
   */
  static void turnOnIpv6(LocalContext ctx, String port, String instance, List<String> own) {
    String t = ipv6Table(port);
    List<String> from = new ArrayList<>(own);
    from.add(LINK_LOCAL);
    List<String> to = new ArrayList<>(from);
    to.add(MULTICAST);
    ctx.kernel()
        .nft()
        .apply(
            ctx.names().vpcNamespace(),
            "turn the IPv6 source/dest check on for " + instance,
            """
        table bridge %1$s {}
        delete table bridge %1$s
        table bridge %1$s {
          comment "%2$s"
          chain from-instance {
            type filter hook prerouting priority -10; policy accept;
            iifname "%3$s" ether type ip6 ip6 saddr { %4$s } accept
            iifname "%3$s" ether type ip6 ip6 saddr :: icmpv6 type { nd-neighbor-solicit, mld-listener-report, mld2-listener-report } accept
            iifname "%3$s" ether type ip6 counter drop comment "source/dest check: not from its own IPv6 addresses"
          }
          chain to-instance {
            type filter hook postrouting priority -10; policy accept;
            oifname "%3$s" ether type ip6 ip6 daddr { %5$s } accept
            oifname "%3$s" ether type ip6 counter drop comment "source/dest check: not for its own IPv6 addresses"
          }
        }
        """
                .formatted(
                    t,
                    OWN_COMMENT + String.join(" ", own),
                    port,
                    String.join(", ", from),
                    String.join(", ", to)));
  }

  static void turnOffIpv6(LocalContext ctx, String port) {
    if (ctx.vpcExists()) {
      String t = ipv6Table(port);
      // declaring the table first makes the delete succeed whether or not it was there: one
      // process, atomic
      ctx.kernel()
          .nft()
          .apply(
              ctx.names().vpcNamespace(),
              "turn the IPv6 source/dest check off for port " + port,
              "table bridge " + t + " {}\ndelete table bridge " + t + "\n");
    }
  }

  /**
   * Every IPv6 check in the VPC namespace, port -> the own addresses its comment records (a table
   * without that comment reads as owning {@code unknown}, so it is written again), from one listing
   * of the namespace's bridge tables.
   */
  static Map<String, List<String>> ipv6Checks(LocalContext ctx) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (!ctx.vpcExists()) {
      return out;
    }
    String listed = ctx.kernel().nft().listRuleset(ctx.names().vpcNamespace(), "bridge");
    Matcher m = IPV6_TABLE.matcher(listed);
    while (m.find()) {
      String comment = m.group(2);
      List<String> own;
      if (comment == null || !comment.startsWith(OWN_COMMENT.trim())) {
        own = List.of("unknown");
      } else {
        String words = comment.substring(OWN_COMMENT.trim().length()).trim();
        own = words.isEmpty() ? List.of() : List.of(words.split(" "));
      }
      out.put(m.group(1), own);
    }
    return out;
  }

  private static final String OWN_COMMENT = "own ";
  private static final String LINK_LOCAL = "fe80::/10";
  private static final String MULTICAST = "ff00::/8";
  private static final Pattern IPV6_TABLE =
      Pattern.compile(
          "(?m)^table bridge "
              + Pattern.quote(IPV6_PREFIX)
              + "(\\S+) \\{\\s*(?:comment \"([^\"]*)\")?");
}
