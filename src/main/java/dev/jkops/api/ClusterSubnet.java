package dev.jkops.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.Map;

/** One entry of {@code spec.subnets}. {@code type} is Public, Private or Utility. */
public record ClusterSubnet(
    String name,
    String zone,
    String cidr,
    String type,
    String egress,
    String id,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public static final String PUBLIC = "Public";
  public static final String PRIVATE = "Private";
  public static final String UTILITY = "Utility";

  public ClusterSubnet {
    extra = Extras.copy(extra);
  }

  public static ClusterSubnet of(String name, String zone, String cidr, String type) {
    return new ClusterSubnet(name, zone, cidr, type, null, null, null);
  }
}
