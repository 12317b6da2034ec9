package dev.jkops.api;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv6.IPv6Address;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv6 CIDR block such as {@code 2001:db8:0:111::/64}, over seancfoley's IPAddress library (128
 * bits do not fit the {@code long} of {@link Cidr}, and the library already knows the text forms
 * and the compression rules). As with {@link Cidr}, the address must be the network address. {@link
 * #toString()} is the RFC 5952 form kops (Go's net.IPNet) writes.
 */
public record Ipv6Cidr(IPAddress block) {

  /** kops' "the n-th /N of the VPC's IPv6 block": {@code /64#1}, the index in hexadecimal. */
  private static final Pattern NOTATION = Pattern.compile("^/(\\d+)#([a-f0-9]+)$");

  public Ipv6Cidr {
    if (!block.isIPv6() || !block.isPrefixed() || !block.isPrefixBlock()) {
      throw new IllegalArgumentException(block + " is not an IPv6 network block");
    }
  }

  /** Parses {@code x:x::/n}; the message of the exception says what is wrong with the text. */
  public static Ipv6Cidr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty CIDR; expected the form 2001:db8::/n");
    }
    String t = text.strip();
    if (!t.contains("/")) {
      throw new IllegalArgumentException(
          "\"" + t + "\" has no prefix length; expected the form 2001:db8::/n");
    }
    IPAddress address;
    try {
      address = new IPAddressString(t).toAddress();
    } catch (AddressStringException e) {
      throw new IllegalArgumentException(
          "\"" + t + "\" is not an IPv6 CIDR (" + e.getMessage() + ")", e);
    }
    if (!address.isIPv6()) {
      throw new IllegalArgumentException("\"" + t + "\" is not an IPv6 CIDR");
    }
    IPAddress network = address.toPrefixBlock();
    if (!address.isPrefixBlock()) {
      throw new IllegalArgumentException(
          t + " has host bits set; did you mean " + network.toCompressedString() + "?");
    }
    return new Ipv6Cidr(network);
  }

  /** True for kops' relative form {@code /N#hex} (a block of the VPC's Amazon IPv6 range). */
  public static boolean isRelative(String text) {
    return text != null && text.startsWith("/");
  }

  /**
   * kops' {@code /N#hex}: the prefix length N and the index of the block, or an exception saying
   * what is wrong.
   */
  public static Relative parseRelative(String text) {
    Matcher m = NOTATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "unable to parse CIDR subnet string \"" + text + "\" using \"" + NOTATION + "\"");
    }
    int size;
    try {
      size = Integer.parseInt(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("prefix length " + m.group(1) + " is not a number", e);
    }
    return new Relative(size, new BigInteger(m.group(2), 16));
  }

  /** {@code /size#index}: the index-th block of that size inside the VPC's IPv6 range. */
  public record Relative(int size, BigInteger index) {
    /** The block inside {@code vpc}, as Terraform's {@code cidrsubnet} would give it. */
    public Ipv6Cidr within(Ipv6Cidr vpc) {
      return vpc.subnet(size, index);
    }

    /** The {@code cidrsubnet} new-bits argument against a VPC block of {@code vpcPrefix}. */
    public int newBits(int vpcPrefix) {
      return size - vpcPrefix;
    }
  }

  public int prefix() {
    return block.getNetworkPrefixLength();
  }

  public boolean contains(Ipv6Cidr other) {
    return block.contains(other.block);
  }

  /** Prefix blocks are nested or apart, so two overlap exactly when one holds the other. */
  public boolean overlaps(Ipv6Cidr other) {
    return block.contains(other.block) || other.block.contains(block);
  }

  /** The index-th block of {@code newPrefix} inside this one. */
  public Ipv6Cidr subnet(int newPrefix, BigInteger index) {
    if (newPrefix < prefix() || newPrefix > 128) {
      throw new IllegalArgumentException("cannot take a /" + newPrefix + " from " + this);
    }
    BigInteger count = BigInteger.ONE.shiftLeft(newPrefix - prefix());
    if (index.signum() < 0 || index.compareTo(count) >= 0) {
      throw new IllegalArgumentException(
          this
              + " holds "
              + count
              + " /"
              + newPrefix
              + " blocks; index "
              + index
              + " is past the end");
    }
    BigInteger start = block.getValue().add(index.shiftLeft(128 - newPrefix));
    return new Ipv6Cidr(new IPv6Address(start, newPrefix).toPrefixBlock());
  }

  @Override
  public String toString() {
    return block.toCompressedString();
  }
}
