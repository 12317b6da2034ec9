package dev.jkops.api;

import java.util.List;

/**
 * What a user asks {@code create cluster} for, mirroring kops' CreateClusterOptions. Null or empty
 * means "let the defaults decide". {@code ipv6} is kops' {@code --ipv6}: an IPv6 cluster ({@code
 * nonMasqueradeCIDR: ::/0}, subnets with {@code ipv6CIDR: /64#N}, private topology by default).
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
    String egress,
    boolean ipv6) {

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

  /** An IPv4 cluster's options (no {@code --ipv6}). */
  public CreateClusterOptions(
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
    this(
        name,
        cloud,
        zones,
        controlPlaneZones,
        controlPlaneCount,
        networking,
        topology,
        bastion,
        networkCidrs,
        networkId,
        nodeCount,
        controlPlaneSize,
        nodeSize,
        sshAccess,
        adminAccess,
        kubernetesVersion,
        nodeSecurityGroups,
        controlPlaneSecurityGroups,
        egress,
        false);
  }

  /** The fewest options a cluster needs: a name and zones; everything else defaulted. */
  public static CreateClusterOptions minimal(String name, List<String> zones) {
    return new CreateClusterOptions(
        name, null, zones, List.of(), null, null, null, false, List.of(), null, null, null, null,
        List.of(), List.of(), null, List.of(), List.of(), null);
  }
}
