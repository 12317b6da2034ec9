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
 * cni: the kubelet uses CNI ({@code --network-plugin=cni} before 1.24) and {@code /etc/cni/net.d}
 * stays empty until the user installs a provider; nodes stay NotReady until then.
 */
public final class CniProvider implements NetworkProvider {
  private final NetworkingSpec.Cni spec;

  public CniProvider(NetworkingSpec.Cni spec) {
    this.spec = spec;
  }

  @Override
  public String mode() {
    return "cni";
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
    return List.of();
  }

  @Override
  public NodeNetworkConfig nodeConfig(
      NetworkContext ctx, Instance instance, Optional<Cidr> podRange) {
    return ProviderSupport.cniNode(ctx, instance, podRange, Optional.empty());
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
        "networking is cni: /etc/cni/net.d is empty, so nodes are NotReady and"
            + " kube-dns cannot start until you install a CNI provider (jkops apply -f <provider>.yaml)",
        mtu(ctx));
  }

  @Override
  public Optional<AddonManifest> addon(NetworkContext ctx) {
    return Optional.empty();
  }
}
