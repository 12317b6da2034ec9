package dev.jkops.model.provider;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.FieldError;
import dev.jkops.api.KubeProxyConfig;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.CloudNeeds;
import dev.jkops.model.DataPlane;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkContext;
import dev.jkops.model.NetworkProvider;
import dev.jkops.model.NodeNetworkConfig;
import dev.jkops.model.PortNeed;
import dev.jkops.model.addon.AddonTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kube-router: one agent per node that is router, firewall and service proxy at once. Its BGP
 * speaker (TCP 179 between nodes) announces each node's pod range and installs a route to every
 * other node's range via that node; across subnets it tunnels with IP-in-IP (protocol 4, which kops
 * opens from nodes to masters for it), so pods get the link MTU less 20. It enforces NetworkPolicy
 * and replaces kube-proxy, which kops requires to be disabled. Nodes forward pod traffic: kops
 * grants the cluster-tagged ec2:ModifyInstanceAttribute for the source/dest check.
 */
public final class KubeRouterProvider implements NetworkProvider {
  public static final String IMAGE = "docker.io/cloudnativelabs/kube-router:v2.11.1";
  static final int BGP_PORT = 179;

  private final NetworkingSpec.KubeRouter spec;

  public KubeRouterProvider(NetworkingSpec.KubeRouter spec) {
    this.spec = spec;
  }

  @Override
  public String mode() {
    return "kube-router";
  }

  @Override
  public NetworkingSpec spec() {
    return spec;
  }

  @Override
  public String kubeletNetworkPlugin() {
    return CNI;
  }

  @Override
  public List<FieldError> validate(ClusterBundle bundle) {
    List<FieldError> errors = new ArrayList<>();
    KubeProxyConfig proxy = bundle.cluster().spec().kubeProxy();
    if (proxy == null || !Boolean.FALSE.equals(proxy.enabled())) {
      errors.add(
          FieldError.forbidden(
              "spec.kubeProxy.enabled",
              "kube-router requires kubeProxy to be disabled"
                  + " (it proxies services itself); set spec.kubeProxy.enabled: false, as create cluster --networking"
                  + " kube-router does"));
    }
    ProviderSupport.requireDaemonSets(bundle, "kube-router", errors);
    return errors;
  }

  /** kube-router's service proxy replaces kube-proxy. */
  @Override
  public dev.jkops.model.ControlPlaneNetworkConfig controlPlane(NetworkContext ctx) {
    String pod = ctx.podCIDR().toString();
    return new dev.jkops.model.ControlPlaneNetworkConfig(
        true, false, pod, ctx.nodeCIDRMaskSize(), false, pod);
  }

  @Override
  public NodeNetworkConfig nodeConfig(
      NetworkContext ctx, Instance instance, Optional<Cidr> podRange) {
    return ProviderSupport.bridgeCniNode(
        ctx, instance, podRange, "10-kuberouter.conflist", "mynet", "kube-bridge", mtu(ctx));
  }

  @Override
  public CloudNeeds cloudNeeds(NetworkContext ctx) {
    List<PortNeed> ports =
        new ArrayList<>(PortNeed.amongNodes("tcp", BGP_PORT, BGP_PORT, "kube-router BGP"));
    ports.addAll(PortNeed.amongNodes("4", 0, 65535, "kube-router IP-in-IP across subnets"));
    return new CloudNeeds(ports, true, List.of("ec2:ModifyInstanceAttribute"), false);
  }

  @Override
  public int mtu(NetworkContext ctx) {
    return ctx.cloud().linkMtu() - ProviderSupport.IPIP_OVERHEAD;
  }

  @Override
  public boolean enforcesNetworkPolicy() {
    return true;
  }

  @Override
  public DataPlane dataPlane(NetworkContext ctx) {
    return new DataPlane.HostRoutes(mtu(ctx));
  }

  @Override
  public Optional<AddonManifest> addon(NetworkContext ctx) {
    String nft =
        Boolean.TRUE.equals(spec.useNFTablesForNetpol())
            ? "\n            - --use-nftables-for-netpol=true"
            : "";
    return Optional.of(
        AddonTemplates.networking(
            "networking.kuberouter",
            "k8s-1.12",
            "kube-router.yaml",
            Map.of(
                "image",
                IMAGE,
                "serviceClusterIPRange",
                ctx.serviceClusterIPRange().toString(),
                "nftablesArg",
                nft)));
  }
}
