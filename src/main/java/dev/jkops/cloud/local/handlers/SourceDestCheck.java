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
    if (address.contains(":")) {
      // An instance of an IPv6-only subnet: no IPv4 frame is its own. Its IPv6 frames pass, as
      // every instance's do today: the check does not yet count a node's /80 as its own (AWS
      // does, as a delegated prefix), and filtering IPv6 without it would drop its pods' traffic.
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
              iifname "%2$s" ether type ip counter drop comment "source/dest check: %3$s has no IPv4 address"
            }
            chain to-instance {
              type filter hook postrouting priority -10; policy accept;
              oifname "%2$s" ether type ip counter drop comment "source/dest check: %3$s has no IPv4 address"
            }
          }
          """
                  .formatted(t, port, instance));
      return;
    }
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
            iifname "%2$s" ether type ip ip saddr != %3$s counter drop comment "source/dest check: %4$s may only send from %5$s"
          }
          chain to-instance {
            type filter hook postrouting priority -10; policy accept;
            oifname "%2$s" ether type ip ip daddr != %3$s counter drop comment "source/dest check: %4$s only receives for %5$s"
          }
        }
        """
                .formatted(t, port, own, instance, words));
  }

  static void turnOff(LocalContext ctx, String port) {
    if (ctx.vpcExists()) {
      Nft nft = ctx.kernel().nft();
      nft.deleteTable(ctx.names().vpcNamespace(), "bridge", table(port));
    }
  }
}
