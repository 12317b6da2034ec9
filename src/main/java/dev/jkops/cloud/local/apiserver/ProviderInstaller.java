package dev.jkops.cloud.local.apiserver;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.store.StateStore;
import java.util.Map;

/**
 * Builds a provider's data plane on a cluster whose users install it (cni, external), when a
 * provider's DaemonSet is created through the API: the same cluster update {@code jkops apply -f}
 * runs.
 */
@FunctionalInterface
public interface ProviderInstaller {
  void install(
      StateStore state, Map<String, String> env, ClusterBundle bundle, NetworkingSpec provider);
}
