package dev.jkops.testing;

/**
 * The IPv6 local cluster the cli root tests build and the design tests plan, in kops' IPv6 form
 * ({@code nonMasqueradeCIDR: ::/0}): zone-a's subnet is {@code /64#1} of the VPC's block, zone-b's
 * an explicit /64 outside it ({@code 2001:db8:0:112::/64}), as kops' minimal-ipv6 writes them; one
 * control plane in zone-a and a node group over both zones.
 */
public final class Ipv6LocalSpec {
  private Ipv6LocalSpec() {}

  /**
   * The spec of cluster {@code name}: {@code networking} is the one entry under {@code
   * spec.networking} (e.g. {@code "calico: {}"}), {@code nodes} the node group's size.
   */
  public static String yaml(String name, String networking, int nodes) {
    return """
        apiVersion: kops.k8s.io/v1alpha2
        kind: Cluster
        metadata:
          name: NAME
        spec:
          cloudProvider: local
          kubernetesVersion: v1.32.0
          networkCIDR: 172.20.0.0/16
          networking:
            NETWORKING
          nonMasqueradeCIDR: "::/0"
          subnets:
          - {name: zone-a, zone: zone-a, type: Public, cidr: 172.20.32.0/19, ipv6CIDR: "/64#1"}
          - {name: zone-b, zone: zone-b, type: DualStack, cidr: 172.20.64.0/19, ipv6CIDR: "2001:db8:0:112::/64"}
        ---
        apiVersion: kops.k8s.io/v1alpha2
        kind: InstanceGroup
        metadata:
          name: nodes
          labels: {kops.k8s.io/cluster: NAME}
        spec: {role: Node, machineType: t3.medium, minSize: COUNT, maxSize: COUNT, subnets: [zone-a, zone-b]}
        ---
        apiVersion: kops.k8s.io/v1alpha2
        kind: InstanceGroup
        metadata:
          name: control-plane-zone-a
          labels: {kops.k8s.io/cluster: NAME}
        spec: {role: ControlPlane, machineType: m3.medium, minSize: 1, maxSize: 1, subnets: [zone-a]}
        """
        .replace("NAME", name)
        .replace("NETWORKING", networking)
        .replace("COUNT", Integer.toString(nodes));
  }
}
