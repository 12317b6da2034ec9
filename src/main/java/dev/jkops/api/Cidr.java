package dev.jkops.api;

import java.util.ArrayList;
import java.util.List;

/**
 * An IPv4 CIDR block such as {@code 100.96.0.0/11}. The address is always the network address:
 * {@code 10.0.0.5/8} is refused rather than silently truncated, since a user who typed it most
 * likely meant something else.
 */
public record Cidr(long network, int prefix) implements Comparable<Cidr> {

  public Cidr {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix length " + prefix + " is outside 0..32");
    }
    if ((network & ~mask(prefix) & 0xFFFFFFFFL) != 0) {
      throw new IllegalArgumentException(
          formatAddress(network)
              + "/"
              + prefix
              + " has host bits set; did you mean "
              + formatAddress(network & mask(prefix))
              + "/"
              + prefix
              + "?");
    }
  }

  /** Parses {@code a.b.c.d/n}; the message of the exception says what is wrong with the text. */
  public static Cidr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty CIDR; expected the form a.b.c.d/n");
    }
    String t = text.trim();
    int slash = t.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "\"" + t + "\" has no prefix length; expected the form a.b.c.d/n");
    }
    long addr = parseAddress(t.substring(0, slash), t);
    int prefix;
    try {
      prefix = Integer.parseInt(t.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + t + "\" has a prefix length that is not a number");
    }
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException(
          "\"" + t + "\" has prefix length " + prefix + ", outside 0..32");
    }
    return new Cidr(addr, prefix);
  }

  /**
   * True when {@code text} is an IPv6 CIDR: jkops carries those through (sshAccess) without math.
   */
  public static boolean isIpv6(String text) {
    return text != null && text.contains(":");
  }

  public static long parseAddress(String s, String whole) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "\"" + whole + "\" is not an IPv4 address with four dotted parts");
    }
    long v = 0;
    for (String p : parts) {
      int octet;
      try {
        if (p.isEmpty() || p.length() > 3) {
          throw new NumberFormatException();
        }
        octet = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "\"" + whole + "\" has a part \"" + p + "\" that is not a number 0..255");
      }
      if (octet > 255) {
        throw new IllegalArgumentException("\"" + whole + "\" has a part " + octet + " above 255");
      }
      v = (v << 8) | octet;
    }
    return v;
  }

  public static String formatAddress(long a) {
    return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
  }

  private static long mask(int prefix) {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  public long size() {
    return 1L << (32 - prefix);
  }

  public long last() {
    return network + size() - 1;
  }

  /** The n-th address in the block (0 is the network address). */
  public long address(long n) {
    if (n < 0 || n >= size()) {
      throw new IllegalArgumentException("address index " + n + " is outside " + this);
    }
    return network + n;
  }

  public String addressString(long n) {
    return formatAddress(address(n));
  }

  public boolean contains(Cidr other) {
    return other.prefix >= prefix && other.network >= network && other.last() <= last();
  }

  public boolean contains(long address) {
    return address >= network && address <= last();
  }

  public boolean overlaps(Cidr other) {
    return network <= other.last() && other.network <= last();
  }

  /** Splits this block into {@code 2^bits} equal parts, lowest first. */
  public List<Cidr> split(int bits) {
    if (prefix + bits > 32) {
      throw new IllegalArgumentException("cannot split " + this + " into 2^" + bits + " parts");
    }
    List<Cidr> parts = new ArrayList<>(1 << bits);
    long step = 1L << (32 - prefix - bits);
    for (long i = 0; i < (1L << bits); i++) {
      parts.add(new Cidr(network + i * step, prefix + bits));
    }
    return parts;
  }

  /** The i-th sub-block of the given prefix length. */
  public Cidr subnet(int newPrefix, long index) {
    if (newPrefix < prefix || newPrefix > 32) {
      throw new IllegalArgumentException("cannot take a /" + newPrefix + " from " + this);
    }
    long count = 1L << (newPrefix - prefix);
    if (index < 0 || index >= count) {
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
    return new Cidr(network + index * (1L << (32 - newPrefix)), newPrefix);
  }

  /** With one more mask bit, that bit set: how kops derives the pod CIDR from nonMasqueradeCIDR. */
  public Cidr upperHalf() {
    return split(1).get(1);
  }

  @Override
  public int compareTo(Cidr o) {
    int c = Long.compare(network, o.network);
    return c != 0 ? c : Integer.compare(prefix, o.prefix);
  }

  @Override
  public String toString() {
    return formatAddress(network) + "/" + prefix;
  }
}
