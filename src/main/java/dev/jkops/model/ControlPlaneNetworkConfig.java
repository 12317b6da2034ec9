package dev.jkops.model;

/**
 * The control plane's networking settings, with kops' field names.
 *
 * @param allocateNodeCIDRs kube-controller-manager {@code --allocate-node-cidrs}
 * @param configureCloudRoutes kube-controller-manager {@code --configure-cloud-routes}
 * @param clusterCIDR kube-controller-manager {@code --cluster-cidr} (the pod CIDR)
 * @param nodeCIDRMaskSize kube-controller-manager {@code --node-cidr-mask-size}
 * @param kubeProxyEnabled whether kube-proxy runs
 * @param kubeProxyClusterCIDR kube-proxy {@code clusterCIDR}
 */
public record ControlPlaneNetworkConfig(
    boolean allocateNodeCIDRs,
    boolean configureCloudRoutes,
    String clusterCIDR,
    int nodeCIDRMaskSize,
    boolean kubeProxyEnabled,
    String kubeProxyClusterCIDR) {

  /** The kube-controller-manager flags these settings become. */
  public java.util.List<String> controllerManagerArgs() {
    return java.util.List.of(
        "--allocate-node-cidrs=" + allocateNodeCIDRs,
        "--configure-cloud-routes=" + configureCloudRoutes,
        "--cluster-cidr=" + clusterCIDR,
        "--node-cidr-mask-size=" + nodeCIDRMaskSize);
  }
}
