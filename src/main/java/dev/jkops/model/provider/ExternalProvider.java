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
import java.util.List;
import java.util.Optional;

/**
 * external: kops sets the node up like kubenet (its {@code UsesKubenet}), allocates pod ranges, and
 * leaves the network between nodes to a DaemonSet the user installs. No cloud routes.
 */
public final class ExternalProvider implements NetworkProvider {
  private final NetworkingSpec.External spec;

  public ExternalProvider(NetworkingSpec.External spec) {
    this.spec = spec;
  }

  @Override
  public String mode() {
    return "external";
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
    return List.of();
  }

  @Override
  public NodeNetworkConfig nodeConfig(
      NetworkContext ctx, Instance instance, Optional<Cidr> podRange) {
    return ProviderSupport.kubenetStyleNode(ctx, instance, podRange, mtu(ctx));
  }

  @Override
  public CloudNeeds cloudNeeds(NetworkContext ctx) {
    return CloudNeeds.none();
  }

  @Override
  public int mtu(NetworkContext ctx) {
    return ctx.cloud().linkMtu();
  }

  @Override
  public boolean enforcesNetworkPolicy() {
    return false;
  }

  @Override
  public DataPlane dataPlane(NetworkContext ctx) {
    return new DataPlane.None(
        "networking is external: pods on different nodes cannot reach each other,"
            + " and kube-dns cannot start, until you install your networking provider's DaemonSet",
        mtu(ctx));
  }

  @Override
  public Optional<AddonManifest> addon(NetworkContext ctx) {
    return Optional.empty();
  }
}
