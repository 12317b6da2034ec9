package dev.jkops.tasks.rolling;

/** An instance group's role, in the order rolling-update replaces them. */
public enum GroupRole {
  BASTION,
  CONTROL_PLANE,
  NODE;

  /** kops' InstanceGroup role names: Bastion, Master/ControlPlane, Node. */
  public static GroupRole of(String kopsRole) {
    return switch (kopsRole == null ? "Node" : kopsRole) {
      case "Bastion" -> BASTION;
      case "Master", "ControlPlane" -> CONTROL_PLANE;
      default -> NODE;
    };
  }
}
