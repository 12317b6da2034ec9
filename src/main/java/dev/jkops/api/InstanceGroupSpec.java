package dev.jkops.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/** role is Master (kops' name for the control plane), Node or Bastion. */
public record InstanceGroupSpec(
    String role,
    List<String> subnets,
    String machineType,
    Integer minSize,
    Integer maxSize,
    RollingUpdate rollingUpdate,
    Map<String, String> nodeLabels,
    List<String> additionalSecurityGroups,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public static final String MASTER = "Master";
  public static final String CONTROL_PLANE = "ControlPlane";
  public static final String NODE = "Node";
  public static final String BASTION = "Bastion";
  public static final List<String> ROLES = List.of(MASTER, CONTROL_PLANE, NODE, BASTION);

  public InstanceGroupSpec {
    extra = Extras.copy(extra);
    subnets = subnets == null ? null : List.copyOf(subnets);
    additionalSecurityGroups =
        additionalSecurityGroups == null ? null : List.copyOf(additionalSecurityGroups);
  }

  @JsonIgnore
  public boolean isControlPlane() {
    return MASTER.equals(role) || CONTROL_PLANE.equals(role);
  }

  @JsonIgnore
  public boolean isNode() {
    return NODE.equals(role);
  }

  @JsonIgnore
  public boolean isBastion() {
    return BASTION.equals(role);
  }

  public List<String> subnetsOrEmpty() {
    return subnets == null ? List.of() : subnets;
  }

  public int minSizeOrDefault() {
    return minSize == null ? 1 : minSize;
  }

  public int maxSizeOrDefault() {
    return maxSize == null ? minSizeOrDefault() : maxSize;
  }

  public InstanceGroupSpec withSize(int min, int max) {
    return new InstanceGroupSpec(
        role,
        subnets,
        machineType,
        min,
        max,
        rollingUpdate,
        nodeLabels,
        additionalSecurityGroups,
        extra);
  }
}
