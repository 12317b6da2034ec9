package dev.jkops.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.Map;

/** A kops {@code InstanceGroup}: a set of identical instances (an autoscaling group on AWS). */
public record InstanceGroup(
    String apiVersion,
    String kind,
    ObjectMeta metadata,
    InstanceGroupSpec spec,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public static final String KIND = "InstanceGroup";

  /** The label kops puts on every instance group naming its cluster. */
  public static final String CLUSTER_LABEL = "kops.k8s.io/cluster";

  public InstanceGroup {
    extra = Extras.copy(extra);
  }

  public static InstanceGroup of(String cluster, String name, InstanceGroupSpec spec) {
    return new InstanceGroup(
        Cluster.API_VERSION,
        KIND,
        new ObjectMeta(name, null, Map.of(CLUSTER_LABEL, cluster), null),
        spec,
        null);
  }

  public String name() {
    return metadata == null ? null : metadata.name();
  }

  public InstanceGroup withSpec(InstanceGroupSpec newSpec) {
    return new InstanceGroup(apiVersion, kind, metadata, newSpec, extra);
  }
}
