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
 * canal: flannel's VXLAN overlay (VNI 1, UDP 8472) carries pod traffic and calico's Felix, in the
 * same DaemonSet, enforces NetworkPolicy. Needs what flannel needs from the cloud.
 */
public final class CanalProvider implements NetworkProvider {
  static final String ADDON = "networking.projectcalico.org.canal";

  private final NetworkingSpec.Canal spec;

  public CanalProvider(NetworkingSpec.Canal spec) {
    this.spec = spec;
  }

  @Override
  public String mode() {
    return "canal";
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
    ProviderSupport.requireDaemonSets(bundle, "canal", errors);
    ProviderSupport.checkMtu(
        spec.mtu(), "spec.networking.canal.mtu", bundle, ProviderSupport.VXLAN_OVERHEAD, errors);
    return errors;
  }

  @Override
  public NodeNetworkConfig nodeConfig(
      NetworkContext ctx, Instance instance, Optional<Cidr> podRange) {
    return ProviderSupport.bridgeCniNode(
        ctx, instance, podRange, "10-canal.conflist", "k8s-pod-network", "cni0", mtu(ctx));
  }

  @Override
  public CloudNeeds cloudNeeds(NetworkContext ctx) {
    return new CloudNeeds(
        PortNeed.amongNodes(
            "udp", FlannelProvider.VXLAN_PORT, FlannelProvider.VXLAN_PORT, "canal's flannel VXLAN"),
        false,
        List.of(),
        false);
  }

  @Override
  public int mtu(NetworkContext ctx) {
    return spec.mtu() != null ? spec.mtu() : ctx.cloud().linkMtu() - ProviderSupport.VXLAN_OVERHEAD;
  }

  @Override
  public boolean enforcesNetworkPolicy() {
    return true;
  }

  @Override
  public DataPlane dataPlane(NetworkContext ctx) {
    return new DataPlane.Vxlan(1, FlannelProvider.VXLAN_PORT, mtu(ctx), "flannel.1");
  }

  @Override
  public Optional<AddonManifest> addon(NetworkContext ctx) {
    AddonManifest m =
        AddonTemplates.networking(
            ADDON,
            "k8s-1.25",
            "canal.yaml",
            Map.of(
                "nodeImage",
                CalicoProvider.NODE_IMAGE,
                "cniImage",
                CalicoProvider.CNI_IMAGE,
                "flannelImage",
                FlannelProvider.IMAGE,
                "podCIDR",
                ctx.podCIDR().toString(),
                "mtu",
                Integer.toString(mtu(ctx))));
    String crds = AddonTemplates.render("calico-crds.yaml", Map.of());
    return Optional.of(
        new AddonManifest(ADDON, m.id(), m.manifest() + "\n---\n" + crds, m.selector()));
  }
}
