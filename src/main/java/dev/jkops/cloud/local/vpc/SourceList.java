package dev.jkops.cloud.local.vpc;

import dev.jkops.cloud.local.runtime.ClusterNames;
import java.util.List;

/**
 * The addresses an ingress rule admits: a security group's members (every instance's address and
 * pod range), made once per group and shared by every instance whose rules name the group, or a
 * single CIDR. Its digest is computed once here, so an instance's ruleset digest combines the
 * digests of the lists it admits instead of hashing a copy of every member.
 *
 * @param name what the preview calls it: the security group's name, or the CIDR
 * @param addresses the addresses and ranges, in the order the ruleset lists them
 * @param digest a hash of the name and addresses
 */
public record SourceList(String name, List<String> addresses, String digest) {
  public SourceList {
    addresses = List.copyOf(addresses);
  }

  public static SourceList of(String name, List<String> addresses) {
    return new SourceList(
        name, addresses, ClusterNames.shortHash(name + "\n" + String.join("\n", addresses), 16));
  }

  /** A rule from a CIDR: a list of one, named by the CIDR itself. */
  public static SourceList cidr(String cidr) {
    return of(cidr, List.of(cidr));
  }

  /** Whether this is a security group's member list (shared, printed once) rather than one CIDR. */
  public boolean isGroup() {
    return !(addresses.size() == 1 && addresses.get(0).equals(name));
  }
}
