package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.kernel.NetnsIp;
import java.time.Duration;
import java.util.List;

/**
 * How an instance's secondary ranges (amazonvpc's pod block, an ENI's secondary addresses on AWS)
 * are reached on its subnet: the instance answers ARP on eth0 for the addresses it routes through
 * another device, which are its live pods' (proxy ARP, answered at once rather than after the
 * kernel's random proxy delay). So the subnet's neighbours and the VPC router send to a pod's
 * address as to any address of the subnet, with no route anywhere, as AWS' fabric hands a secondary
 * address's traffic to its ENI; an address of the block with no pod gets no answer.
 */
final class SecondaryAddresses {
  private SecondaryAddresses() {}

  private static final String PROXY_ARP = "net.ipv4.conf." + InstanceHandler.ETH0 + ".proxy_arp";
  private static final String PROXY_DELAY =
      "net.ipv4.neigh." + InstanceHandler.ETH0 + ".proxy_delay";

  static void answer(NetnsIp ip, String instance, boolean on) {
    ip.sysctls(
        (on ? "answer" : "stop answering")
            + " ARP for the secondary addresses of instance "
            + instance,
        List.of(PROXY_ARP + "=" + (on ? "1" : "0"), PROXY_DELAY + "=" + (on ? "0" : "80")));
  }

  /** True when eth0 answers ARP for the instance's routed secondary addresses. */
  static boolean answered(NetnsIp ip) {
    var r = ip.exec("read proxy ARP", Duration.ofSeconds(10), "sysctl", "-n", PROXY_ARP);
    return r.exitCode() == 0 && r.stdout().strip().equals("1");
  }
}
