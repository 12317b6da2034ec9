package dev.jkops.cloud.local.policy;

import dev.jkops.api.Cidr;
import dev.jkops.api.Ipv6Cidr;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Optional;

/**
 * The CIDR of an {@code ipBlock} (or one of its {@code except}s), IPv4 or IPv6. IPv4 text is read
 * by {@link Cidr} (so its messages are the ones users already get), IPv6 text by {@link Ipv6Cidr};
 * both become one IPAddress block so that containment works the same for either family.
 */
public record PolicyCidr(IPAddress block) {

  /** Parses either family; the exception's message says what is wrong with the text. */
  public static PolicyCidr parse(String text) {
    if (Cidr.isIpv6(text)) {
      return new PolicyCidr(Ipv6Cidr.parse(text).block());
    }
    Cidr v4 = Cidr.parse(text);
    return new PolicyCidr(new IPAddressString(v4.toString()).getAddress().toPrefixBlock());
  }

  public boolean isIpv6() {
    return block.isIPv6();
  }

  /** The nftables family keyword this block's matches use: {@code ip} or {@code ip6}. */
  public String nftFamily() {
    return isIpv6() ? "ip6" : "ip";
  }

  public boolean contains(PolicyCidr other) {
    return isIpv6() == other.isIpv6() && block.contains(other.block);
  }

  /** Whether the address (either family, no prefix) lies in this block; false across families. */
  public boolean containsAddress(String address) {
    return address(address).map(a -> a.isIPv6() == isIpv6() && block.contains(a)).orElse(false);
  }

  static Optional<IPAddress> address(String text) {
    IPAddress a = new IPAddressString(text).getAddress();
    return a == null || a.isPrefixed() ? Optional.empty() : Optional.of(a);
  }

  /** {@code 10.0.0.0/8}, or RFC 5952's {@code fd00::/8}, as nft and kubectl write them. */
  @Override
  public String toString() {
    return block.toCompressedString();
  }
}
