package dev.jkops.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One entry of {@code spec.subnets}. {@code type} is Public, Private, Utility or (IPv6 clusters)
 * DualStack. {@code ipv6CIDR} is a block such as {@code 2001:db8:0:111::/64} or kops' {@code
 * /64#1}, the second /64 of the VPC's Amazon-provided IPv6 range.
 */
public record ClusterSubnet(
    String name,
    String zone,
    String cidr,
    String type,
    String egress,
    String id,
    @JsonProperty("ipv6CIDR") String ipv6CIDR,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public static final String PUBLIC = "Public";
  public static final String PRIVATE = "Private";
  public static final String UTILITY = "Utility";

  /** kops' subnet for IPv6 clusters' control plane: IPv4 and IPv6, routed like a private one. */
  public static final String DUAL_STACK = "DualStack";

  public ClusterSubnet {
    extra = Extras.copy(extra);
  }

  /** A subnet without an IPv6 range, as every IPv4 cluster's. */
  public ClusterSubnet(
      String name,
      String zone,
      String cidr,
      String type,
      String egress,
      String id,
      Map<String, Object> extra) {
    this(name, zone, cidr, type, egress, id, null, extra);
  }

  public static ClusterSubnet of(String name, String zone, String cidr, String type) {
    return new ClusterSubnet(name, zone, cidr, type, null, null, null);
  }

  /** The same subnet with another IPv4 CIDR, everything else kept. */
  public ClusterSubnet withCidr(String newCidr) {
    return new ClusterSubnet(name, zone, newCidr, type, egress, id, ipv6CIDR, extra);
  }

  /** kops: an IPv6-only private subnet has no IPv4 range, so nothing is carved for it. */
  @JsonIgnore
  public boolean isIpv6OnlyPrivate() {
    return ipv6CIDR != null && PRIVATE.equals(type);
  }
}
