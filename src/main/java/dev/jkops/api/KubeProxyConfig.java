package dev.jkops.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** kube-proxy settings: its cluster CIDR and whether it runs at all. */
public record KubeProxyConfig(
    @JsonProperty("clusterCIDR") String clusterCIDR,
    Boolean enabled,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public KubeProxyConfig {
    extra = Extras.copy(extra);
  }
}
