package dev.jkops.model;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.provider.CalicoProvider;
import dev.jkops.model.provider.CanalProvider;
import dev.jkops.model.provider.ClassicProvider;
import dev.jkops.model.provider.CniProvider;
import dev.jkops.model.provider.ExternalProvider;
import dev.jkops.model.provider.FlannelProvider;
import dev.jkops.model.provider.KopeioProvider;
import dev.jkops.model.provider.KubenetProvider;
import dev.jkops.model.provider.RomanaProvider;
import dev.jkops.model.provider.WeaveProvider;

/** The one place that maps a {@code spec.networking} choice to its provider class. */
public final class NetworkProviders {
  private NetworkProviders() {}

  /**
   * Why the bundle's networking cannot work for it, each reason at its field path; empty when it
   * can. {@code create cluster} calls this so the user hears why before anything is written.
   */
  public static java.util.List<dev.jkops.api.FieldError> validate(
      dev.jkops.api.ClusterBundle bundle) {
    return forSpec(bundle.cluster().spec().networking()).validate(bundle);
  }

  /** The provider for a networking spec; a missing spec means kubenet, the default. */
  public static NetworkProvider forSpec(NetworkingSpec spec) {
    if (spec == null) {
      return new KubenetProvider(new NetworkingSpec.Kubenet(null));
    }
    // Java 17 has no pattern switch; the sealed interface keeps this list complete by review,
    // and NetworkProvidersTest checks that every NetworkingSpec.KEYS entry maps to a provider.
    if (spec instanceof NetworkingSpec.Kubenet s) {
      return new KubenetProvider(s);
    } else if (spec instanceof NetworkingSpec.Classic s) {
      return new ClassicProvider(s);
    } else if (spec instanceof NetworkingSpec.External s) {
      return new ExternalProvider(s);
    } else if (spec instanceof NetworkingSpec.Cni s) {
      return new CniProvider(s);
    } else if (spec instanceof NetworkingSpec.Kopeio s) {
      return new KopeioProvider(s);
    } else if (spec instanceof NetworkingSpec.Weave s) {
      return new WeaveProvider(s);
    } else if (spec instanceof NetworkingSpec.Flannel s) {
      return new FlannelProvider(s);
    } else if (spec instanceof NetworkingSpec.Calico s) {
      return new CalicoProvider(s);
    } else if (spec instanceof NetworkingSpec.Canal s) {
      return new CanalProvider(s);
    } else if (spec instanceof NetworkingSpec.Romana s) {
      return new RomanaProvider(s);
    } else if (spec instanceof NetworkingSpec.Cilium s) {
      return new dev.jkops.model.provider.CiliumProvider(s);
    } else if (spec instanceof NetworkingSpec.Kindnet s) {
      return new dev.jkops.model.provider.KindnetProvider(s);
    } else if (spec instanceof NetworkingSpec.KubeRouter s) {
      return new dev.jkops.model.provider.KubeRouterProvider(s);
    } else if (spec instanceof NetworkingSpec.AmazonVpc s) {
      return new dev.jkops.model.provider.AmazonVpcProvider(s);
    }
    throw new ModelException("spec.networking." + spec.key() + " has no provider in jkops");
  }
}
