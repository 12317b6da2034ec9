package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.kernel.NetnsIp;

/** The sysctls of a namespace that forwards packets: the VPC router and every instance. */
final class Sysctls {
  private Sysctls() {}

  /** One process for all three: a node's bring-up is mostly process starts. */
  static void router(NetnsIp ip) {
    ip.sysctls("turn on forwarding and turn off reverse-path filtering", java.util.List.of("net.ipv4.ip_forward=1",
        "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0"));
  }
}
