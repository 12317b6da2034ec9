package dev.jkops.model.provider;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.FieldError;
import dev.jkops.api.KubernetesVersion;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.CloudNeeds;
import dev.jkops.model.DataPlane;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkContext;
import dev.jkops.model.NetworkProvider;
import dev.jkops.model.NodeNetworkConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * classic: the kubelet itself builds bridge {@code cbr0} on the node's pod range ({@code
 * --configure-cbr0}, no CNI), and cloud routes carry pod traffic as for kubenet. The kubelet lost
 * this mode after Kubernetes 1.4, so newer clusters are refused.
 */
public final class ClassicProvider implements NetworkProvider {
  private final NetworkingSpec.Classic spec;

  public ClassicProvider(NetworkingSpec.Classic spec) {
    this.spec = spec;
  }

  @Override
  public String mode() {
    return "classic";
  }

  @Override
  public NetworkingSpec spec() {
    return spec;
  }

  @Override
  public String kubeletNetworkPlugin() {
    return "";
  }

  @Override
  public List<FieldError> validate(ClusterBundle bundle) {
    List<FieldError> errors = new ArrayList<>();
    KubernetesVersion v = ProviderSupport.version(bundle);
    if (v.isAtLeast(1, 5)) {
      errors.add(
          FieldError.forbidden(
              "spec.networking.classic",
              "classic networking (kubelet --configure-cbr0)"
                  + " existed only up to Kubernetes 1.4 and the cluster runs "
                  + v
                  + "; use kubenet, which gives the"
                  + " same bridge-and-routes network through CNI"));
    }
    ProviderSupport.refusePrivateTopology(bundle, "classic", errors);
    return errors;
  }

  @Override
  public NodeNetworkConfig nodeConfig(
      NetworkContext ctx, Instance instance, Optional<Cidr> podRange) {
    if (podRange.isEmpty()) {
      return ProviderSupport.bastion(instance);
    }
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("configure-cbr0", "true");
    flags.put("non-masquerade-cidr", ctx.nonMasqueradeCIDR().toString());
    return new NodeNetworkConfig(
        instance.name(),
        podRange,
        flags,
        List.of(),
        Optional.empty(),
        true,
        Optional.of(ctx.nonMasqueradeCIDR()));
  }

  @Override
  public CloudNeeds cloudNeeds(NetworkContext ctx) {
    return new CloudNeeds(List.of(), true, KubenetProvider.ROUTE_IAM, true);
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
    return new DataPlane.VpcRoutes("cbr0", mtu(ctx));
  }

  @Override
  public Optional<AddonManifest> addon(NetworkContext ctx) {
    return Optional.empty();
  }
}
