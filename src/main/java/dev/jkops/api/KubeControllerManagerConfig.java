package dev.jkops.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The kube-controller-manager settings that decide pod ranges and cloud routes. */
public record KubeControllerManagerConfig(
    @JsonProperty("allocateNodeCIDRs") Boolean allocateNodeCIDRs,
    @JsonProperty("configureCloudRoutes") Boolean configureCloudRoutes,
    @JsonProperty("clusterCIDR") String clusterCIDR,
    Integer nodeCIDRMaskSize,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public KubeControllerManagerConfig {
    extra = Extras.copy(extra);
  }
}
