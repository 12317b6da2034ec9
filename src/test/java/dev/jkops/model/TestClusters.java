package dev.jkops.model;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSpecBuilder;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.InstanceGroup;
import dev.jkops.api.InstanceGroupSpec;
import dev.jkops.api.NetworkingSpec;
import java.util.ArrayList;
import java.util.List;

/** Small clusters for the model's tests, shaped as kops' create cluster writes them. */
public final class TestClusters {
  private TestClusters() {}

  /** One public zone, one master, {@code nodes} nodes (max size {@code maxNodes}). */
  public static ClusterBundle oneZone(
      String name, String networkingFlag, String k8s, int nodes, int maxNodes) {
    ClusterSpecBuilder b = base(networkingFlag, k8s);
    b.subnets =
        List.of(
            ClusterSubnet.of("us-test-1a", "us-test-1a", "172.20.32.0/19", ClusterSubnet.PUBLIC));
    Cluster c = Cluster.of(name, b.build());
    return new ClusterBundle(
        c,
        List.of(
            ig(name, "master-us-test-1a", InstanceGroupSpec.MASTER, List.of("us-test-1a"), 1, 1),
            ig(name, "nodes", InstanceGroupSpec.NODE, List.of("us-test-1a"), nodes, maxNodes)));
  }

  public static ClusterBundle oneZone(String name, String networkingFlag) {
    return oneZone(name, networkingFlag, "1.34.0", 2, 2);
  }

  /** Three public zones, a master in each, three nodes spread over them. */
  public static ClusterBundle threeZonesHa(String name, String networkingFlag, String k8s) {
    return threeZones(name, networkingFlag, k8s, false);
  }

  /** Three zones with private subnets, utility subnets and a bastion (kops' private topology). */
  public static ClusterBundle threeZonesPrivate(String name, String networkingFlag, String k8s) {
    return threeZones(name, networkingFlag, k8s, true);
  }

  private static ClusterBundle threeZones(
      String name, String networkingFlag, String k8s, boolean priv) {
    ClusterSpecBuilder b = base(networkingFlag, k8s);
    List<String> zones = List.of("us-test-1a", "us-test-1b", "us-test-1c");
    List<ClusterSubnet> subnets = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      subnets.add(
          ClusterSubnet.of(
              zones.get(i),
              zones.get(i),
              "172.20." + (32 * (i + 1)) + ".0/19",
              priv ? ClusterSubnet.PRIVATE : ClusterSubnet.PUBLIC));
    }
    if (priv) {
      for (int i = 0; i < 3; i++) {
        subnets.add(
            ClusterSubnet.of(
                "utility-" + zones.get(i),
                zones.get(i),
                "172.20." + (4 * i) + ".0/22",
                ClusterSubnet.UTILITY));
      }
    }
    b.subnets = subnets;
    Cluster c = Cluster.of(name, b.build());
    List<InstanceGroup> igs = new ArrayList<>();
    for (String z : zones) {
      igs.add(ig(name, "master-" + z, InstanceGroupSpec.MASTER, List.of(z), 1, 1));
    }
    igs.add(ig(name, "nodes", InstanceGroupSpec.NODE, zones, 3, 5));
    if (priv) {
      igs.add(
          ig(
              name,
              "bastions",
              InstanceGroupSpec.BASTION,
              zones.stream().map(z -> "utility-" + z).toList(),
              1,
              1));
    }
    return new ClusterBundle(c, igs);
  }

  private static ClusterSpecBuilder base(String networkingFlag, String k8s) {
    ClusterSpecBuilder b = new ClusterSpecBuilder();
    b.cloudProvider = "aws";
    b.kubernetesVersion = k8s;
    b.networkCIDR = "172.20.0.0/16";
    b.nonMasqueradeCIDR = "100.64.0.0/10";
    b.podCIDR = "100.96.0.0/11";
    b.serviceClusterIPRange = "100.64.0.0/13";
    b.networking = NetworkingSpec.fromFlag(networkingFlag);
    if (b.networking
        instanceof
        NetworkingSpec.Cilium
            c) { // as kops' create: kube-proxy off, cilium-etcd's own etcd cluster
      b.kubeProxy = c.nodePort() ? new dev.jkops.api.KubeProxyConfig(null, false, null) : null;
      b.extra =
          c.etcd()
              ? java.util.Map.of("etcdClusters", List.of(java.util.Map.of("name", "cilium")))
              : b.extra;
    }
    if (b.networking instanceof NetworkingSpec.KubeRouter)
      b.kubeProxy = new dev.jkops.api.KubeProxyConfig(null, false, null); // as create cluster does
    b.sshAccess = List.of("0.0.0.0/0");
    b.kubernetesApiAccess = List.of("0.0.0.0/0");
    return b;
  }

  static InstanceGroup ig(
      String cluster, String name, String role, List<String> subnets, int min, int max) {
    return InstanceGroup.of(
        cluster,
        name,
        new InstanceGroupSpec(role, subnets, "t3.medium", min, max, null, null, null, null));
  }

  /** The same bundle with one instance group resized. */
  public static ClusterBundle resize(ClusterBundle bundle, String group, int min, int max) {
    List<InstanceGroup> igs =
        bundle.instanceGroups().stream()
            .map(ig -> ig.name().equals(group) ? ig.withSpec(ig.spec().withSize(min, max)) : ig)
            .toList();
    return new ClusterBundle(bundle.cluster(), igs);
  }
}
