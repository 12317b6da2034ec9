package dev.jkops.model.ipam;

import dev.jkops.api.Cidr;
import dev.jkops.api.Ipv6Cidr;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod ranges handed out so far: instance name -> its IPv4 range, and for an IPv6 local cluster
 * instance name -> its /80 (see {@link Ipv6Prefixes}). Immutable and sorted by instance name, so
 * two equal states always serialise to the same bytes.
 */
public record IpamState(Map<String, Cidr> podRanges, Map<String, Ipv6Cidr> ipv6NodePrefixes) {

  public IpamState {
    podRanges = Collections.unmodifiableMap(new TreeMap<>(podRanges));
    ipv6NodePrefixes = Collections.unmodifiableMap(new TreeMap<>(ipv6NodePrefixes));
  }

  /** IPv4 pod ranges only, as every IPv4 cluster has them. */
  public IpamState(Map<String, Cidr> podRanges) {
    this(podRanges, Map.of());
  }

  public static IpamState empty() {
    return new IpamState(Map.of());
  }

  /** This state with its IPv6 node prefixes replaced by {@code prefixes}. */
  public IpamState withIpv6NodePrefixes(Map<String, Ipv6Cidr> prefixes) {
    return new IpamState(podRanges, prefixes);
  }
}
