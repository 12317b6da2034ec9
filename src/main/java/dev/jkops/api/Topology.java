package dev.jkops.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.Map;

/**
 * {@code spec.topology}. kops today records only {@code dns.type} here and decides public or
 * private by the subnets' types; 2017 specs also carried {@code masters}/{@code nodes}
 * (public|private) and a {@code bastion} block, which are read and kept.
 */
public record Topology(
    Dns dns,
    String masters,
    String nodes,
    Map<String, Object> bastion,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public Topology {
    extra = Extras.copy(extra);
  }

  public record Dns(String type) {}
}
