package dev.jkops.cloud.local.pods;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * A node's pod range in either family: an IPv4 range ({@code 100.96.1.0/24}) or, in an IPv6
 * cluster, the node's /80 ({@code fd01:2345:6789:ab01:1::/80}). Every pod address on the node falls
 * inside it; its first host is the pods' gateway.
 */
public record PodRange(IPAddress block) {

  public PodRange {
    if (block == null || !block.isPrefixed()) {
      throw new IllegalArgumentException("a pod range needs a prefix length: " + block);
    }
    block = block.toPrefixBlock();
  }

  /** Reads {@code 100.96.1.0/24} or {@code fd01::/80}. */
  public static PodRange parse(String cidr) {
    IPAddress a = new IPAddressString(cidr).getAddress();
    if (a == null) {
      throw new IllegalArgumentException("\"" + cidr + "\" is not a CIDR");
    }
    return new PodRange(a);
  }

  /** Whether {@code address} (with or without a prefix length) is in the range. */
  public boolean contains(String address) {
    String bare = address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
    IPAddress a = new IPAddressString(bare).getAddress();
    return a != null && block.contains(a);
  }

  /** The pods' gateway: the range's first host ({@code 100.96.1.1}, {@code fd01::1}). */
  public String gateway() {
    return block.getLower().increment(1).withoutPrefixLength().toCompressedString();
  }

  public int prefix() {
    return block.getNetworkPrefixLength();
  }

  @Override
  public String toString() {
    return block.toCompressedString();
  }
}
