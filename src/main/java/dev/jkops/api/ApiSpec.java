package dev.jkops.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.Map;

/** {@code spec.api}: how the Kubernetes API is reached. jkops reads the load balancer type. */
public record ApiSpec(
    LoadBalancer loadBalancer, @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public ApiSpec {
    extra = Extras.copy(extra);
  }

  public record LoadBalancer(String type, @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
    public LoadBalancer {
      extra = Extras.copy(extra);
    }
  }
}
