package dev.jkops.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The kubelet's networking flags (they exist only before Kubernetes 1.24). */
public record KubeletConfig(
    String networkPluginName,
    @JsonProperty("networkPluginMTU") Integer networkPluginMTU,
    @JsonProperty("nonMasqueradeCIDR") String nonMasqueradeCIDR,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public KubeletConfig {
    extra = Extras.copy(extra);
  }
}
