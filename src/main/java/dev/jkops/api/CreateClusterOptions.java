package dev.jkops.api;

import java.util.List;

/**
 * What a user asks {@code create cluster} for, mirroring kops' CreateClusterOptions. Null or empty
 * means "let the defaults decide".
 */
public record CreateClusterOptions(
    String name,
    String cloud,
    List<String> zones,
    List<String> controlPlaneZones,
    Integer controlPlaneCount,
    String networking,
    String topology,
    boolean bastion,
    List<String> networkCidrs,
    String networkId,
    Integer nodeCount,
    String controlPlaneSize,
    String nodeSize,
    List<String> sshAccess,
    List<String> adminAccess,
    String kubernetesVersion,
    List<String> nodeSecurityGroups,
    List<String> controlPlaneSecurityGroups,
    String egress) {

  public CreateClusterOptions {
    zones = zones == null ? List.of() : List.copyOf(zones);
    controlPlaneZones = controlPlaneZones == null ? List.of() : List.copyOf(controlPlaneZones);
    networkCidrs = networkCidrs == null ? List.of() : List.copyOf(networkCidrs);
    sshAccess = sshAccess == null ? List.of() : List.copyOf(sshAccess);
    adminAccess = adminAccess == null ? List.of() : List.copyOf(adminAccess);
    nodeSecurityGroups = nodeSecurityGroups == null ? List.of() : List.copyOf(nodeSecurityGroups);
    controlPlaneSecurityGroups =
        controlPlaneSecurityGroups == null ? List.of() : List.copyOf(controlPlaneSecurityGroups);
  }

  /** The fewest options a cluster needs: a name and zones; everything else defaulted. */
  public static CreateClusterOptions minimal(String name, List<String> zones) {
    return new CreateClusterOptions(
        name, null, zones, List.of(), null, null, null, false, List.of(), null, null, null, null,
        List.of(), List.of(), null, List.of(), List.of(), null);
  }
}
