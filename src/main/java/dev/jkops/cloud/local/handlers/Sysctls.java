package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.kernel.NetnsIp;

/** The sysctls of a namespace that forwards packets: the VPC router and every instance. */
final class Sysctls {
  private Sysctls() {}

  static void router(NetnsIp ip) {
    ip.sysctl("net.ipv4.ip_forward", "1");
    ip.sysctl("net.ipv4.conf.all.rp_filter", "0");
    ip.sysctl("net.ipv4.conf.default.rp_filter", "0");
  }
}
