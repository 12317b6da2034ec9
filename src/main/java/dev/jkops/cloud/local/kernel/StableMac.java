package dev.jkops.cloud.local.kernel;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * MAC addresses the local cloud gives its own interfaces, derived from an IPv4 address so the same
 * thing made again gets the same MAC: a replaced instance answers at the MAC its neighbours cached,
 * as an instance behind AWS' VPC fabric keeps being reachable at its address. Locally administered
 * unicast ({@code x2}, {@code x6}, {@code xa}, {@code xe} first octets), one prefix per kind so
 * that no two interfaces on one segment share one: {@code <kind>:<a>:<b>:<c>:<d>}.
 */
public enum StableMac {
  /** An instance's eth0 (its address). */
  INSTANCE("02:6a"),
  /** The VPC end of an instance's veth (the instance's address). */
  VPC_PORT("06:6a"),
  /** A subnet's bridge in the VPC (the subnet's router address). */
  SUBNET_BRIDGE("0a:6a"),
  /** A node's pod bridge (its gateway address). */
  NODE_BRIDGE("0a:6b");

  private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

  private final String prefix;

  StableMac(String prefix) {
    this.prefix = prefix;
  }

  /**
   * The MAC for the interface of this kind with IPv4 address {@code ipv4} (a prefix length is
   * ignored).
   */
  public String of(String ipv4) {
    String addr = ipv4.contains("/") ? ipv4.substring(0, ipv4.indexOf('/')) : ipv4;
    if (addr.contains(":")) {
      // an IPv6 address (a node's /80 gateway): its low 32 bits, which tell the nodes apart
      inet.ipaddr.IPAddress v6 = new inet.ipaddr.IPAddressString(addr).getAddress();
      if (v6 == null || !v6.isIPv6()) {
        throw new IllegalArgumentException("not an IP address: " + ipv4);
      }
      byte[] b = v6.getBytes();
      addr = (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
    }
    String[] octets = addr.split("\\.", -1); // -1: "10.0.0.1." has five parts, not four
    if (octets.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + ipv4);
    }
    StringBuilder sb = new StringBuilder(prefix);
    for (String o : octets) {
      int v = Integer.parseInt(o);
      if (v < 0 || v > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + ipv4);
      }
      sb.append(':').append(String.format(Locale.ROOT, "%02x", v));
    }
    return sb.toString();
  }

  /** {@code mac} when it is a lower-case colon-separated MAC, for a command line. */
  static String require(String mac) {
    if (!MAC.matcher(mac).matches()) {
      throw new KernelException("not a MAC address: " + mac);
    }
    return mac;
  }
}
