package dev.jkops.cloud.local;

import dev.jkops.cloud.local.apiserver.ApiServerMain;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.tasks.ProgressListener;
import java.util.Optional;

/**
 * The local API server process' entry point ({@code ApiServerProcess} starts it by this name). It
 * lives here, above {@code apiserver}, so that the server can install a provider through the same
 * {@link LocalClusterUpdate} as {@code jkops apply -f} without that package importing this one.
 */
public final class LocalApiServer {
  private LocalApiServer() {}

  public static void main(String[] args) throws Exception {
    // its listener and the etcd client's socket would search every jar for a selector provider
    dev.jkops.api.ClassPathScans.skipSelectorProviderSearch();
    ApiServerMain.serve(
        args,
        (state, env, bundle, provider) -> {
          LocalClusterUpdate update = new LocalClusterUpdate(Kernel.system(), state, env);
          update.apply(update.preview(bundle, Optional.of(provider)), ProgressListener.NONE);
        });
  }
}
