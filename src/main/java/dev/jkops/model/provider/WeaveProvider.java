package dev.jkops.model.provider;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.FieldError;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.CloudFacts;
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
 * weave: a mesh of weave routers (TCP 6783 control, UDP 6783-6784 data) whose fast datapath is
 * kernel VXLAN on UDP 6784; weave-npc enforces NetworkPolicy. kops gave it MTU 8912 on AWS; on a
 * 1500 link weave's own default is 1376. Weave hands out pod addresses from the whole pod CIDR; the
 * local cloud gives each node its own range instead, which keeps validation's range check
 * meaningful.
 */
public final class WeaveProvider implements NetworkProvider {
  public static final String VERSION = "2.8.1";
  public static final String KUBE_IMAGE = "weaveworks/weave-kube:" + VERSION;
  public static final String NPC_IMAGE = "weaveworks/weave-npc:" + VERSION;
  static final int AWS_MTU = 8912;
  static final int DEFAULT_MTU = 1376;
  static final int FASTDP_PORT = 6784;

  private final NetworkingSpec.Weave spec;

  public WeaveProvider(NetworkingSpec.Weave spec) {
    this.spec = spec;
  }

  @Override
  public String mode() {
    return "weave";
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
    ProviderSupport.requireDaemonSets(bundle, "weave", errors);
    ProviderSupport.checkMtu(
        spec.mtu(), "spec.networking.weave.mtu", bundle, ProviderSupport.VXLAN_OVERHEAD, errors);
    return errors;
  }

  @Override
  public List<String> warnings(NetworkContext ctx) {
    return List.of("Weave Net is archived upstream (last release " + VERSION + ")");
  }

  @Override
  public NodeNetworkConfig nodeConfig(
      NetworkContext ctx, Instance instance, Optional<Cidr> podRange) {
    return ProviderSupport.bridgeCniNode(
        ctx, instance, podRange, "10-weave.conflist", "weave", "weave", mtu(ctx));
  }

  @Override
  public CloudNeeds cloudNeeds(NetworkContext ctx) {
    List<PortNeed> ports = new ArrayList<>(PortNeed.amongNodes("tcp", 6783, 6783, "weave control"));
    ports.addAll(PortNeed.amongNodes("udp", 6783, 6784, "weave data (sleeve and fast datapath)"));
    return new CloudNeeds(ports, false, List.of(), false);
  }

  @Override
  public int mtu(NetworkContext ctx) {
    if (spec.mtu() != null) {
      return spec.mtu();
    }
    return ctx.cloud().linkMtu() >= CloudFacts.AWS_MTU ? AWS_MTU : DEFAULT_MTU;
  }

  @Override
  public boolean enforcesNetworkPolicy() {
    return true;
  }

  @Override
  public DataPlane dataPlane(NetworkContext ctx) {
    return new DataPlane.Vxlan(1, FASTDP_PORT, mtu(ctx), "vxlan-6784");
  }

  @Override
  public Optional<AddonManifest> addon(NetworkContext ctx) {
    return Optional.of(
        AddonTemplates.networking(
            "networking.weave",
            "k8s-1.12",
            "weave.yaml",
            Map.of(
                "kubeImage",
                KUBE_IMAGE,
                "npcImage",
                NPC_IMAGE,
                "podCIDR",
                ctx.podCIDR().toString(),
                "mtu",
                Integer.toString(mtu(ctx)))));
  }
}
