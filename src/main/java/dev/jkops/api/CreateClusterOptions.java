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

  /** The fewest options a cluster needs: a name and zones; everything else defaulted. */
  public static CreateClusterOptions minimal(String name, List<String> zones) {
    return builder(name, zones).build();
  }

  /**
   * Options with a name and zones, every other flag unset until named: the one way to build them,
   * so no caller lists twenty positional arguments in which two strings could swap unnoticed.
   */
  public static Builder builder(String name, List<String> zones) {
    return new Builder().name(name).zones(zones);
  }

  /** A builder holding these options, for a copy that changes a few of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.cloud = cloud;
    b.zones = zones;
    b.controlPlaneZones = controlPlaneZones;
    b.controlPlaneCount = controlPlaneCount;
    b.networking = networking;
    b.topology = topology;
    b.bastion = bastion;
    b.networkCidrs = networkCidrs;
    b.networkId = networkId;
    b.nodeCount = nodeCount;
    b.controlPlaneSize = controlPlaneSize;
    b.nodeSize = nodeSize;
    b.sshAccess = sshAccess;
    b.adminAccess = adminAccess;
    b.kubernetesVersion = kubernetesVersion;
    b.nodeSecurityGroups = nodeSecurityGroups;
    b.controlPlaneSecurityGroups = controlPlaneSecurityGroups;
    b.egress = egress;
    b.ipv6 = ipv6;
    return b;
  }

  /** Sets the flags one by one; unset ones stay null (or empty, or false): the defaults decide. */
  public static final class Builder {
    private String name;
    private String cloud;
    private List<String> zones;
    private List<String> controlPlaneZones;
    private Integer controlPlaneCount;
    private String networking;
    private String topology;
    private boolean bastion;
    private List<String> networkCidrs;
    private String networkId;
    private Integer nodeCount;
    private String controlPlaneSize;
    private String nodeSize;
    private List<String> sshAccess;
    private List<String> adminAccess;
    private String kubernetesVersion;
    private List<String> nodeSecurityGroups;
    private List<String> controlPlaneSecurityGroups;
    private String egress;
    private boolean ipv6;

    private Builder() {}

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder cloud(String cloud) {
      this.cloud = cloud;
      return this;
    }

    public Builder zones(List<String> zones) {
      this.zones = zones;
      return this;
    }

    public Builder controlPlaneZones(List<String> controlPlaneZones) {
      this.controlPlaneZones = controlPlaneZones;
      return this;
    }

    public Builder controlPlaneCount(Integer controlPlaneCount) {
      this.controlPlaneCount = controlPlaneCount;
      return this;
    }

    public Builder networking(String networking) {
      this.networking = networking;
      return this;
    }

    public Builder topology(String topology) {
      this.topology = topology;
      return this;
    }

    public Builder bastion(boolean bastion) {
      this.bastion = bastion;
      return this;
    }

    public Builder networkCidrs(List<String> networkCidrs) {
      this.networkCidrs = networkCidrs;
      return this;
    }

    public Builder networkId(String networkId) {
      this.networkId = networkId;
      return this;
    }

    public Builder nodeCount(Integer nodeCount) {
      this.nodeCount = nodeCount;
      return this;
    }

    public Builder controlPlaneSize(String controlPlaneSize) {
      this.controlPlaneSize = controlPlaneSize;
      return this;
    }

    public Builder nodeSize(String nodeSize) {
      this.nodeSize = nodeSize;
      return this;
    }

    public Builder sshAccess(List<String> sshAccess) {
      this.sshAccess = sshAccess;
      return this;
    }

    public Builder adminAccess(List<String> adminAccess) {
      this.adminAccess = adminAccess;
      return this;
    }

    public Builder kubernetesVersion(String kubernetesVersion) {
      this.kubernetesVersion = kubernetesVersion;
      return this;
    }

    public Builder nodeSecurityGroups(List<String> nodeSecurityGroups) {
      this.nodeSecurityGroups = nodeSecurityGroups;
      return this;
    }

    public Builder controlPlaneSecurityGroups(List<String> controlPlaneSecurityGroups) {
      this.controlPlaneSecurityGroups = controlPlaneSecurityGroups;
      return this;
    }

    public Builder egress(String egress) {
      this.egress = egress;
      return this;
    }

    public Builder ipv6(boolean ipv6) {
      this.ipv6 = ipv6;
      return this;
    }

    public CreateClusterOptions build() {
      return new CreateClusterOptions(
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
          ipv6);
    }
  }
}
