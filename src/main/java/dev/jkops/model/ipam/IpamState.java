package dev.jkops.model.ipam;

import dev.jkops.api.Cidr;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod ranges handed out so far: instance name -> its range. Immutable and sorted by instance
 * name, so two equal states always serialise to the same bytes.
 */
public record IpamState(Map<String, Cidr> podRanges) {

  public IpamState {
    podRanges = Collections.unmodifiableMap(new TreeMap<>(podRanges));
  }

  public static IpamState empty() {
    return new IpamState(Map.of());
  }
}
