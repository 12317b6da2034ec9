package dev.jkops.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The instance groups {@code create cluster} makes, named and sized as kops (HEAD) makes them:
 * control-plane groups round-robin over the control-plane zones ({@code control-plane-<zone>},
 * every name suffixed {@code -1}, {@code -2}... once there are more groups than zones), one {@code
 * nodes-<zone>} group per zone with the node count spread over them (the first zones take the
 * remainder), and a {@code bastions} group in the private subnets with {@code --bastion}.
 */
final class InstanceGroupPlanner {
  private InstanceGroupPlanner() {}

  static final String DEFAULT_CONTROL_PLANE_SIZE = "m3.medium";
  static final String DEFAULT_NODE_SIZE = "t2.medium";
  static final String BASTION_SIZE = "t2.micro";
  static final String NODE_LABEL = "kops.k8s.io/instancegroup";

  /** zoneSubnets: per zone, its subnets in creation order (the zone's main subnet first). */
  static List<InstanceGroup> controlPlanes(
      String cluster, CreateClusterOptions o, Map<String, List<String>> zoneSubnets) {
    List<String> zones = o.controlPlaneZones().isEmpty() ? o.zones() : o.controlPlaneZones();
    int count;
    if (!o.controlPlaneZones().isEmpty()) {
      if (o.controlPlaneCount() != null
          && o.controlPlaneCount() > 0
          && o.controlPlaneCount() < zones.size()) {
        throw new ApiException(
            "--control-plane-count "
                + o.controlPlaneCount()
                + " is less than the "
                + zones.size()
                + " --control-plane-zones; give one zone per control-plane instance or raise the count");
      }
      count =
          o.controlPlaneCount() == null || o.controlPlaneCount() == 0
              ? zones.size()
              : o.controlPlaneCount();
    } else {
      count =
          o.controlPlaneCount() == null || o.controlPlaneCount() == 0 ? 1 : o.controlPlaneCount();
    }
    if (count < 0) {
      throw new ApiException("--control-plane-count is " + count + "; use 1, 3 or 5");
    }
    String size = o.controlPlaneSize() == null ? DEFAULT_CONTROL_PLANE_SIZE : o.controlPlaneSize();
    List<InstanceGroup> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String zone = zones.get(i % zones.size());
      String name =
          "control-plane-" + zone + (count > zones.size() ? "-" + (1 + i / zones.size()) : "");
      out.add(
          group(
              cluster,
              name,
              InstanceGroupSpec.MASTER,
              List.of(zoneSubnets.get(zone).get(0)),
              size,
              1,
              o.controlPlaneSecurityGroups()));
    }
    return out;
  }

  static List<InstanceGroup> nodes(
      String cluster, CreateClusterOptions o, Map<String, List<String>> zoneSubnets) {
    int zones = o.zones().size();
    int total = o.nodeCount() == null || o.nodeCount() == 0 ? zones : o.nodeCount();
    if (total < 0) {
      throw new ApiException("--node-count is " + total + "; use 0 or more");
    }
    String size = o.nodeSize() == null ? DEFAULT_NODE_SIZE : o.nodeSize();
    List<InstanceGroup> out = new ArrayList<>();
    for (int i = 0; i < zones; i++) {
      String zone = o.zones().get(i);
      int count = total / zones + (i < total % zones ? 1 : 0);
      List<String> subnets = zoneSubnets.get(zone);
      // A zone's main subnet may be small; with additional network CIDRs, nodes use the others.
      List<String> nodeSubnets = subnets.size() == 1 ? subnets : subnets.subList(1, subnets.size());
      out.add(
          group(
              cluster,
              "nodes-" + zone,
              InstanceGroupSpec.NODE,
              nodeSubnets,
              size,
              count,
              o.nodeSecurityGroups()));
    }
    return out;
  }

  /**
   * The bastions group lives in the private subnets (kops HEAD; kops 1.8 used the utility ones); in
   * an IPv6 cluster in the DualStack ones, as kops puts it (a bastion keeps an IPv4 address).
   */
  static InstanceGroup bastions(String cluster, List<ClusterSubnet> subnets) {
    String type =
        subnets.stream().anyMatch(s -> ClusterSubnet.DUAL_STACK.equals(s.type()))
            ? ClusterSubnet.DUAL_STACK
            : ClusterSubnet.PRIVATE;
    List<String> names =
        subnets.stream().filter(s -> type.equals(s.type())).map(ClusterSubnet::name).toList();
    return group(cluster, "bastions", InstanceGroupSpec.BASTION, names, BASTION_SIZE, 1, List.of());
  }

  private static InstanceGroup group(
      String cluster,
      String name,
      String role,
      List<String> subnets,
      String machineType,
      int size,
      List<String> securityGroups) {
    InstanceGroupSpec spec =
        new InstanceGroupSpec(
            role,
            subnets,
            machineType,
            size,
            size,
            null,
            Map.of(NODE_LABEL, name),
            securityGroups.isEmpty() ? null : securityGroups,
            null);
    return InstanceGroup.of(cluster, name, spec);
  }
}
