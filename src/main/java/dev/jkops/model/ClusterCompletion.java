package dev.jkops.model;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterDefaults;
import dev.jkops.api.ClusterSpecBuilder;
import dev.jkops.api.KubeControllerManagerConfig;
import dev.jkops.api.KubeProxyConfig;
import dev.jkops.api.KubeletConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The completed spec kops writes to {@code cluster-completed.spec}: the api-level defaults ({@link
 * ClusterDefaults#complete}) plus what the networking provider decides for kube-controller-manager
 * ({@code allocateNodeCIDRs}, {@code configureCloudRoutes}, {@code clusterCIDR}), kube-proxy
 * ({@code clusterCIDR}) and, before Kubernetes 1.24, the kubelet ({@code networkPluginName}, and
 * {@code networkPluginMTU} for kubenet on AWS). Fields the user set are kept.
 */
public final class ClusterCompletion {
  private ClusterCompletion() {}

  public static Cluster complete(ClusterBundle bundle) {
    Cluster api = ClusterDefaults.complete(bundle.cluster());
    ClusterBundle completed = new ClusterBundle(api, bundle.instanceGroups());
    NetworkProvider provider = NetworkProviders.forSpec(api.spec().networking());
    if (api.spec().isIpv6Only()) {
      return ipv6(api, provider);
    }
    NetworkContext ctx = NetworkContext.of(completed);
    ControlPlaneNetworkConfig cp = provider.controlPlane(ctx);

    ClusterSpecBuilder b = api.spec().toBuilder();
    b.networking = provider.completedSpec(ctx);
    KubeControllerManagerConfig k = b.kubeControllerManager;
    b.kubeControllerManager =
        new KubeControllerManagerConfig(
            k != null && k.allocateNodeCIDRs() != null
                ? k.allocateNodeCIDRs()
                : cp.allocateNodeCIDRs(),
            k != null && k.configureCloudRoutes() != null
                ? k.configureCloudRoutes()
                : cp.configureCloudRoutes(),
            k != null && k.clusterCIDR() != null ? k.clusterCIDR() : cp.clusterCIDR(),
            k == null ? null : k.nodeCIDRMaskSize(),
            k == null ? null : k.extra());
    KubeProxyConfig p = b.kubeProxy;
    b.kubeProxy =
        new KubeProxyConfig(
            p != null && p.clusterCIDR() != null ? p.clusterCIDR() : cp.kubeProxyClusterCIDR(),
            p == null ? null : p.enabled(),
            p == null ? null : p.extra());

    if (!ctx.kubernetesVersion().isAtLeast(1, 24)) {
      String plugin = provider.kubeletNetworkPlugin();
      Integer mtu =
          NetworkProvider.KUBENET.equals(plugin) && ctx.isAws() ? provider.mtu(ctx) : null;
      b.kubelet = kubelet(b.kubelet, plugin, mtu);
      Map<String, Object> extra = new LinkedHashMap<>(b.extra);
      extra.put("masterKubelet", masterKubelet(extra.get("masterKubelet"), plugin, mtu));
      b.extra = extra;
    }
    return api.withSpec(b.build());
  }

  /**
   * kops' IPv6 completion: each node's pod prefix comes from the cloud through kops-controller, not
   * from kube-controller-manager's node IPAM, so it allocates no node CIDRs, configures no cloud
   * routes and has no cluster CIDR; nor has kube-proxy. Fields the user set are kept.
   */
  private static Cluster ipv6(Cluster api, NetworkProvider provider) {
    ClusterSpecBuilder b = api.spec().toBuilder();
    b.networking = provider.completedIpv6Spec();
    KubeControllerManagerConfig k = b.kubeControllerManager;
    b.kubeControllerManager =
        new KubeControllerManagerConfig(
            k != null && k.allocateNodeCIDRs() != null ? k.allocateNodeCIDRs() : false,
            k != null && k.configureCloudRoutes() != null ? k.configureCloudRoutes() : false,
            k == null ? null : k.clusterCIDR(),
            k == null ? null : k.nodeCIDRMaskSize(),
            k == null ? null : k.extra());
    return api.withSpec(b.build());
  }

  private static KubeletConfig kubelet(KubeletConfig k, String plugin, Integer mtu) {
    String name =
        k != null && k.networkPluginName() != null ? k.networkPluginName() : emptyToNull(plugin);
    Integer m = k != null && k.networkPluginMTU() != null ? k.networkPluginMTU() : mtu;
    return new KubeletConfig(
        name, m, k == null ? null : k.nonMasqueradeCIDR(), k == null ? null : k.extra());
  }

  /**
   * masterKubelet is not modelled by the api; it is a map kept verbatim, completed the same way.
   */
  private static Map<String, Object> masterKubelet(Object existing, String plugin, Integer mtu) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (existing instanceof Map<?, ?> old) {
      old.forEach((key, v) -> m.put(String.valueOf(key), v));
    }
    if (emptyToNull(plugin) != null) {
      m.putIfAbsent("networkPluginName", plugin);
    }
    if (mtu != null) {
      m.putIfAbsent("networkPluginMTU", mtu);
    }
    return m;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
