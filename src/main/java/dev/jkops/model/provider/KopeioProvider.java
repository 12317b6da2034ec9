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
 * kopeio-vxlan: kubenet-style nodes (bridge on the node's pod range, kops counts it as kubenet)
 * plus kopeio's networking-agent DaemonSet, which joins the nodes with a VXLAN overlay on UDP 4789.
 * No cloud routes, so it works in private topologies (kops' 2017 private default).
 */
public final class KopeioProvider implements NetworkProvider {
  public static final String IMAGE = "kopeio/networking-agent:1.0.20181028";
  static final int VXLAN_PORT = 4789;

  private final NetworkingSpec.Kopeio spec;

  public KopeioProvider(NetworkingSpec.Kopeio spec) {
    this.spec = spec;
  }

  @Override
  public String mode() {
    return "kopeio-vxlan";
  }

  @Override
  public NetworkingSpec spec() {
    return spec;
  }

  @Override
  public String kubeletNetworkPlugin() {
    return KUBENET;
  }

  @Override
  public List<FieldError> validate(ClusterBundle bundle) {
    List<FieldError> errors = new ArrayList<>();
    ProviderSupport.requireDaemonSets(bundle, "kopeio", errors);
    return errors;
  }

  @Override
  public List<String> warnings(NetworkContext ctx) {
    return List.of("kopeio networking-agent is archived upstream (last release 1.0.20181028)");
  }

  @Override
  public NodeNetworkConfig nodeConfig(
      NetworkContext ctx, Instance instance, Optional<Cidr> podRange) {
    return ProviderSupport.kubenetStyleNode(ctx, instance, podRange, mtu(ctx));
  }

  @Override
  public CloudNeeds cloudNeeds(NetworkContext ctx) {
    return new CloudNeeds(
        PortNeed.amongNodes("udp", VXLAN_PORT, VXLAN_PORT, "kopeio VXLAN"),
        false,
        List.of(),
        false);
  }

  @Override
  public int mtu(NetworkContext ctx) {
    return ctx.cloud().linkMtu() - ProviderSupport.VXLAN_OVERHEAD;
  }

  @Override
  public boolean enforcesNetworkPolicy() {
    return false;
  }

  @Override
  public DataPlane dataPlane(NetworkContext ctx) {
    return new DataPlane.Vxlan(1, VXLAN_PORT, mtu(ctx), "vxlan1");
  }

  @Override
  public Optional<AddonManifest> addon(NetworkContext ctx) {
    return Optional.of(
        AddonTemplates.networking(
            "networking.kope.io", "k8s-1.12", "kopeio.yaml", Map.of("image", IMAGE)));
  }
}
