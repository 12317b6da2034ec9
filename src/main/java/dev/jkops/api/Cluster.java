package dev.jkops.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.Map;

/** A kops {@code Cluster} (kops.k8s.io/v1alpha2). */
public record Cluster(
    String apiVersion,
    String kind,
    ObjectMeta metadata,
    ClusterSpec spec,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public static final String KIND = "Cluster";
  public static final String API_VERSION = "kops.k8s.io/v1alpha2";

  /** The 2017 spelling of the same API group, still read. */
  public static final String LEGACY_API_VERSION = "kops/v1alpha2";

  public Cluster {
    extra = Extras.copy(extra);
  }

  public static Cluster of(String name, ClusterSpec spec) {
    return new Cluster(API_VERSION, KIND, ObjectMeta.named(name), spec, null);
  }

  public String name() {
    return metadata == null ? null : metadata.name();
  }

  public Cluster withSpec(ClusterSpec newSpec) {
    return new Cluster(apiVersion, kind, metadata, newSpec, extra);
  }
}
