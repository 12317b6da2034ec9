package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.kernel.Nft;

/**
 * EC2's source/dest check, enforced by the VPC: a bridge-family table per instance port in the VPC
 * namespace drops frames the instance sends from any address but its own, and frames delivered to
 * it for any address but its own. With the check off (kubenet, classic, calico), the table is
 * absent and the instance may forward pod traffic. An instance's own addresses are its address and
 * its secondary ranges (amazonvpc's pod block, as AWS counts an ENI's secondary addresses).
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
    String t = table(port);
    // An instance of an IPv6-only subnet sends and receives IPv6 frames only. Its neighbour
    // discovery goes to multicast groups and may come from its link-local address, neither its
    // own address, and AWS' check passes it: without it nothing would reach the instance.
    String family = address.contains(":") ? "ip6" : "ip";
    String nd =
        family.equals("ip6")
            ? " icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept comment \"neighbour"
                + " discovery\"\n    "
            : null;
    String ndFrom = nd == null ? "" : "iifname \"" + port + "\"" + nd;
    String ndTo = nd == null ? "" : "oifname \"" + port + "\"" + nd;
    String own =
        secondaryRanges.isEmpty()
            ? address
            : "{ " + address + ", " + String.join(", ", secondaryRanges) + " }";
    String words =
        secondaryRanges.isEmpty()
            ? address
            : address + " and " + String.join(", ", secondaryRanges);
    ctx.kernel()
        .nft()
        .apply(
            ctx.names().vpcNamespace(),
            "turn the source/dest check on for " + instance,
            """
        table bridge %1$s {}
        delete table bridge %1$s
        table bridge %1$s {
          chain from-instance {
            type filter hook prerouting priority -10; policy accept;
            %7$siifname "%2$s" ether type %6$s %6$s saddr != %3$s counter drop comment "source/dest check: %4$s may only send from %5$s"
          }
          chain to-instance {
            type filter hook postrouting priority -10; policy accept;
            %8$soifname "%2$s" ether type %6$s %6$s daddr != %3$s counter drop comment "source/dest check: %4$s only receives for %5$s"
          }
        }
        """
                .formatted(t, port, own, instance, words, family, ndFrom, ndTo));
  }

  static void turnOff(LocalContext ctx, String port) {
    if (ctx.vpcExists()) {
      Nft nft = ctx.kernel().nft();
      nft.deleteTable(ctx.names().vpcNamespace(), "bridge", table(port));
    }
  }
}
