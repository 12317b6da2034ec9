package dev.jkops.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.Map;

/** Kubernetes object metadata: the parts jkops reads, the rest kept as it came. */
public record ObjectMeta(
    String name,
    String creationTimestamp,
    Map<String, String> labels,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public ObjectMeta {
    extra = Extras.copy(extra);
  }

  public static ObjectMeta named(String name) {
    return new ObjectMeta(name, null, null, null);
  }

  public ObjectMeta withLabels(Map<String, String> newLabels) {
    return new ObjectMeta(name, creationTimestamp, newLabels, extra);
  }
}
