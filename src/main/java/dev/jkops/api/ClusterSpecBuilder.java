package dev.jkops.api;

import java.util.List;
import java.util.Map;

/** Copy-and-change for {@link ClusterSpec}: defaults and edits touch a few of its twenty fields. */
public final class ClusterSpecBuilder {
  public String cloudProvider;
  public String kubernetesVersion;
  public String networkCIDR;
  public List<String> additionalNetworkCIDRs;
  public String networkID;
  public String nonMasqueradeCIDR;
  public String podCIDR;
  public String serviceClusterIPRange;
  public List<ClusterSubnet> subnets;
  public Topology topology;
  public NetworkingSpec networking;
  public ApiSpec api;
  public List<String> sshAccess;
  public List<String> kubernetesApiAccess;
  public KubeControllerManagerConfig kubeControllerManager;
  public KubeProxyConfig kubeProxy;
  public KubeletConfig kubelet;
  public RollingUpdate rollingUpdate;
  public CloudConfig cloudConfig;
  public Map<String, Object> extra;

  public ClusterSpecBuilder() {}

  ClusterSpecBuilder(ClusterSpec s) {
    cloudProvider = s.cloudProvider();
    kubernetesVersion = s.kubernetesVersion();
    networkCIDR = s.networkCIDR();
    additionalNetworkCIDRs = s.additionalNetworkCIDRs();
    networkID = s.networkID();
    nonMasqueradeCIDR = s.nonMasqueradeCIDR();
    podCIDR = s.podCIDR();
    serviceClusterIPRange = s.serviceClusterIPRange();
    subnets = s.subnets();
    topology = s.topology();
    networking = s.networking();
    api = s.api();
    sshAccess = s.sshAccess();
    kubernetesApiAccess = s.kubernetesApiAccess();
    kubeControllerManager = s.kubeControllerManager();
    kubeProxy = s.kubeProxy();
    kubelet = s.kubelet();
    rollingUpdate = s.rollingUpdate();
    cloudConfig = s.cloudConfig();
    extra = s.extra();
  }

  public ClusterSpec build() {
    return new ClusterSpec(
        cloudProvider,
        kubernetesVersion,
        networkCIDR,
        additionalNetworkCIDRs,
        networkID,
        nonMasqueradeCIDR,
        podCIDR,
        serviceClusterIPRange,
        subnets,
        topology,
        networking,
        api,
        sshAccess,
        kubernetesApiAccess,
        kubeControllerManager,
        kubeProxy,
        kubelet,
        rollingUpdate,
        cloudConfig,
        extra);
  }
}
