package dev.jkops.cloud.local.policy;

import java.util.List;

/**
 * {@code ipBlock}: addresses in {@code cidr} but in none of {@code except}. The reader checks that
 * every {@code except} is a strict subset of {@code cidr}, so all are of one family.
 */
public record IpBlock(PolicyCidr cidr, List<PolicyCidr> except) {

  public IpBlock {
    except = List.copyOf(except);
  }

  /**
   * Whether {@code address} (IPv4 or IPv6 text) is in the block; an address of the other family
   * never is.
   */
  public boolean contains(String address) {
    return cidr.containsAddress(address)
        && except.stream().noneMatch(e -> e.containsAddress(address));
  }
}
