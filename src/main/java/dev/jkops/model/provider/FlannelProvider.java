package dev.jkops.model.provider;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.FieldError;
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
 * flannel: flanneld on every node takes the node's pod range from the Kubernetes API and builds an
 * overlay: the vxlan backend (VNI 1, UDP 8472, device flannel.1, MTU link - 50) or the udp backend
 * (a TUN device flannel0 and userspace encapsulation on UDP 8285, MTU link - 28; flannel keeps it
 * for debugging only). No NetworkPolicy. As kops does, flannel's "Network" is the non-masquerade
 * CIDR, which holds every node's pod range.
 */
public final class FlannelProvider implements NetworkProvider {
  public static final String IMAGE = "ghcr.io/flannel-io/flannel:v0.28.9";
  public static final String CNI_PLUGIN_IMAGE =
      "ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3";
  static final int VXLAN_PORT = 8472;
  static final int UDP_PORT = 8285;
  static final int UDP_OVERHEAD = 28;

  private final NetworkingSpec.Flannel spec;

  public FlannelProvider(NetworkingSpec.Flannel spec) {
    this.spec = spec;
  }

  private boolean udp() {
    return NetworkingSpec.Flannel.UDP.equals(spec.backendOrDefault());
  }

  @Override
  public String mode() {
    return udp() ? "flannel-udp" : "flannel-vxlan";
  }

  @Override
  public NetworkingSpec spec() {
    return spec;
  }

  /** kops writes flannel's backend into the completed spec (vxlan unless chosen). */
  @Override
  public NetworkingSpec completedSpec() {
    return new NetworkingSpec.Flannel(spec.backendOrDefault(), spec.extra());
  }

  @Override
  public String kubeletNetworkPlugin() {
    return CNI;
  }

  @Override
  public List<FieldError> validate(ClusterBundle bundle) {
    List<FieldError> errors = new ArrayList<>();
    String backend = spec.backendOrDefault();
    if (!NetworkingSpec.Flannel.VXLAN.equals(backend)
        && !NetworkingSpec.Flannel.UDP.equals(backend)) {
      errors.add(
          FieldError.unsupported(
              "spec.networking.flannel.backend", backend, "supported values: \"udp\", \"vxlan\""));
    }
    ProviderSupport.requireDaemonSets(bundle, "flannel", errors);
    return errors;
  }

  @Override
  public List<String> warnings(NetworkContext ctx) {
    return udp()
        ? List.of(
            "flannel's udp backend encapsulates in userspace and is meant for debugging;"
                + " use the vxlan backend for real traffic")
        : List.of();
  }

  @Override
  public NodeNetworkConfig nodeConfig(
      NetworkContext ctx, Instance instance, Optional<Cidr> podRange) {
    return ProviderSupport.bridgeCniNode(
        ctx, instance, podRange, "10-flannel.conflist", "cbr0", "cni0", mtu(ctx));
  }

  @Override
  public CloudNeeds cloudNeeds(NetworkContext ctx) {
    int port = udp() ? UDP_PORT : VXLAN_PORT;
    return new CloudNeeds(
        PortNeed.amongNodes("udp", port, port, "flannel " + spec.backendOrDefault()),
        false,
        List.of(),
        false);
  }

  @Override
  public int mtu(NetworkContext ctx) {
    return ctx.cloud().linkMtu() - (udp() ? UDP_OVERHEAD : ProviderSupport.VXLAN_OVERHEAD);
  }

  @Override
  public boolean enforcesNetworkPolicy() {
    return false;
  }

  @Override
  public DataPlane dataPlane(NetworkContext ctx) {
    return udp()
        ? new DataPlane.FlannelUdp(UDP_PORT, mtu(ctx), "flannel0")
        : new DataPlane.Vxlan(1, VXLAN_PORT, mtu(ctx), "flannel.1");
  }

  @Override
  public Optional<AddonManifest> addon(NetworkContext ctx) {
    return Optional.of(
        AddonTemplates.networking(
            "networking.flannel",
            "k8s-1.25",
            "flannel.yaml",
            Map.of(
                "image",
                IMAGE,
                "cniPluginImage",
                CNI_PLUGIN_IMAGE,
                "network",
                ctx.nonMasqueradeCIDR().toString(),
                "backend",
                spec.backendOrDefault())));
  }
}
