package dev.jkops.model;

import dev.jkops.api.InstanceGroupSpec;

/**
 * The three kinds of instance, each with its own security group as kops names them: {@code
 * masters.<cluster>}, {@code nodes.<cluster>}, {@code bastion.<cluster>}.
 */
public enum Role {
  CONTROL_PLANE("masters"),
  NODE("nodes"),
  BASTION("bastion");

  private final String groupPrefix;

  Role(String groupPrefix) {
    this.groupPrefix = groupPrefix;
  }

  /** The first label of the role's security group name, e.g. {@code masters}. */
  public String groupPrefix() {
    return groupPrefix;
  }

  /** The role's security group name in kops' spelling, e.g. {@code masters.c.example.com}. */
  public String securityGroup(String clusterName) {
    return groupPrefix + "." + clusterName;
  }

  /** Masters and nodes run a kubelet, register as Kubernetes nodes and get a pod range. */
  public boolean isKubernetesNode() {
    return this != BASTION;
  }

  public static Role of(InstanceGroupSpec spec) {
    if (spec.isControlPlane()) {
      return CONTROL_PLANE;
    }
    if (spec.isBastion()) {
      return BASTION;
    }
    if (spec.isNode()) {
      return NODE;
    }
    throw new ModelException(
        "instance group role \""
            + spec.role()
            + "\" is not one of Master, ControlPlane, Node, Bastion; fix spec.role");
  }
}
