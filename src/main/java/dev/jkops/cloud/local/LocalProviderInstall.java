package dev.jkops.cloud.local;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.Cloud;
import dev.jkops.cloud.CloudException;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.provider.InstalledProvider;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.ProgressListener;
import java.util.Optional;

/** {@code apply -f} of a networking provider's manifest on a local cni or external cluster. */
final class LocalProviderInstall {
  private final Kernel kernel;
  private final ClusterStore.Stored stored;
  private final LocalClusterUpdate update;
  private final ClusterNames names;

  LocalProviderInstall(
      Kernel kernel, ClusterStore.Stored stored, LocalClusterUpdate update, ClusterNames names) {
    this.kernel = kernel;
    this.stored = stored;
    this.update = update;
    this.names = names;
  }

  /**
   * As {@code kubectl create -f} of a provider's manifest does on a real cluster: the local cloud
   * converges to the provider's data plane on every node, and the provider is recorded so later
   * updates keep it. Only on a cni or external cluster, only one provider per cluster.
   */
  Cloud.ProviderInstall install(NetworkingSpec provider, String file) {
    String name = stored.bundle().name();
    NetworkingSpec declared = stored.cluster().spec().networking();
    String declaredKey = declared == null ? "kubenet" : declared.key();
    if (!InstalledProvider.userInstalls(declared)) {
      throw new CloudException(
          file
              + " installs the "
              + describe(provider)
              + " networking provider, but this"
              + " cluster's networking is "
              + declaredKey
              + "; jkops manages its provider: change it with edit cluster"
              + " (set spec.networking) and update cluster --yes. apply -f installs providers on cni or external clusters");
    }
    Optional<NetworkingSpec> installed = InstalledProvider.load(names);
    if (installed.isPresent() && !installed.get().equals(provider)) {
      throw new CloudException(
          "cluster "
              + name
              + " already runs the "
              + describe(installed.get())
              + " provider"
              + " installed with apply -f; one pod network per cluster: delete and recreate the cluster to switch to "
              + describe(provider));
    }
    LocalCloud.requireRoot("apply -f (networking provider)");
    if (!new LocalClusterResources(kernel, names).exists()) {
      throw new CloudException(
          "cluster "
              + name
              + " is not running on this machine; run jkops update cluster "
              + name
              + " --yes first, then apply the provider");
    }
    LocalClusterUpdate.Preview preview = update.preview(stored.bundle(), Optional.of(provider));
    update.apply(preview, ProgressListener.NONE);
    InstalledProvider.save(names, provider);
    return new Cloud.ProviderInstall(
        describe(provider), installed.isPresent(), preview.changes().changes().size());
  }

  private static String describe(NetworkingSpec provider) {
    return provider instanceof NetworkingSpec.Flannel f
        ? "flannel (" + f.backendOrDefault() + ")"
        : provider.key();
  }
}
