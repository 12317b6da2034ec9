package dev.jkops.cloud.local.policy;

import dev.jkops.api.Cidr;
import java.util.List;

/** {@code ipBlock}: addresses in {@code cidr} but in none of {@code except}. */
public record IpBlock(Cidr cidr, List<Cidr> except) {

  public IpBlock {
    except = List.copyOf(except);
  }

  public boolean contains(long address) {
    return cidr.contains(address) && except.stream().noneMatch(e -> e.contains(address));
  }
}
