package dev.jkops.cloud.local;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSpecBuilder;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.InstanceGroup;
import dev.jkops.api.InstanceGroupSpec;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.util.List;

/** The small local cluster: a master and two nodes in two zones, on the local cloud. */
public final class LocalTestClusters {
  private LocalTestClusters() {}

  /**
   * Stores {@code bundle} in the state store {@code stateStore} and builds its local cloud under
   * {@code runtimeBase} as {@code update cluster --yes} does, the runtime dir claimed first (the
   * commands refuse a runtime dir without its owner record): for tests that then run commands on
   * it.
   */
  public static LocalClusterResources storeAndBuild(
      ClusterBundle bundle,
      String stateStore,
      java.nio.file.Path runtimeBase,
      java.util.Map<String, String> env) {
    new dev.jkops.api.store.ClusterStore(dev.jkops.api.store.StateStores.open(stateStore, env))
        .put(bundle, dev.jkops.api.ClusterDefaults.complete(bundle.cluster()));
    dev.jkops.model.NetworkPlan plan =
        dev.jkops.model.NetworkPlanner.plan(bundle, dev.jkops.model.ipam.IpamState.empty());
    ClusterNames names = ClusterNames.of(bundle.name(), runtimeBase);
    dev.jkops.cloud.local.kernel.Kernel kernel = dev.jkops.cloud.local.kernel.Kernel.system();
    ClusterOwner.claimant(bundle.name(), stateStore).claim(kernel, names);
    LocalClusterResources cloud = new LocalClusterResources(kernel, names);
    cloud.converge(
        dev.jkops.cloud.local.design.LocalDesign.of(
                names, plan, bundle.cluster().spec().subnetsOrEmpty())
            .resources(),
        dev.jkops.tasks.ProgressListener.NONE);
    return cloud;
  }

  public static ClusterBundle twoZones(String name, String networkingFlag, String k8s, int nodes) {
    ClusterSpecBuilder b = new ClusterSpecBuilder();
    b.cloudProvider = "local";
    b.kubernetesVersion = k8s;
    b.networkCIDR = "172.20.0.0/16";
    b.nonMasqueradeCIDR = "100.64.0.0/10";
    b.podCIDR = "100.96.0.0/11";
    b.serviceClusterIPRange = "100.64.0.0/13";
    b.networking = NetworkingSpec.fromFlag(networkingFlag);
    if (b.networking instanceof NetworkingSpec.KubeRouter)
      b.kubeProxy = new dev.jkops.api.KubeProxyConfig(null, false, null); // as create cluster does
    b.sshAccess = List.of("0.0.0.0/0");
    b.kubernetesApiAccess = List.of("0.0.0.0/0");
    b.subnets =
        List.of(
            ClusterSubnet.of("us-test-1a", "us-test-1a", "172.20.32.0/19", ClusterSubnet.PUBLIC),
            ClusterSubnet.of("us-test-1b", "us-test-1b", "172.20.64.0/19", ClusterSubnet.PUBLIC));
    Cluster c = Cluster.of(name, b.build());
    return new ClusterBundle(
        c,
        List.of(
            ig(name, "master-us-test-1a", InstanceGroupSpec.MASTER, List.of("us-test-1a"), 1, 1),
            ig(
                name,
                "nodes",
                InstanceGroupSpec.NODE,
                List.of("us-test-1a", "us-test-1b"),
                nodes,
                5)));
  }

  public static ClusterBundle twoZones(String name, String networkingFlag) {
    return twoZones(
        name, networkingFlag, networkingFlag.equals("classic") ? "1.4.12" : "1.32.0", 2);
  }

  static InstanceGroup ig(
      String cluster, String name, String role, List<String> subnets, int min, int max) {
    return InstanceGroup.of(
        cluster,
        name,
        new InstanceGroupSpec(role, subnets, "t3.medium", min, max, null, null, null, null));
  }
}
