package dev.jkops.cli;

import dev.jkops.cloud.local.design.LocalCloudException;
import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.model.ModelException;
import dev.jkops.tasks.TaskException;
import java.util.function.Supplier;

/** Runs local cloud work, turning its errors (which already say what to do) into command errors. */
final class LocalCloudErrors {
  private LocalCloudErrors() {}

  static <T> T run(Supplier<T> work) {
    try {
      return work.get();
    } catch (LocalCloudException | KernelException | TaskException | ModelException
        | dev.jkops.cloud.local.etcd.EtcdException | dev.jkops.cloud.local.pods.PodException
        | dev.jkops.cloud.local.policy.ManifestException e) {
      throw new CommandException(e.getMessage(), e);
    }
  }

  static void requireRoot(String what) {
    if (!dev.jkops.cloud.local.Prerequisites.isRoot()) {
      throw new CommandException(what + " on the local cloud needs root: it works with network namespaces."
          + " Run it with sudo; 'jkops doctor' checks everything else it needs");
    }
  }
}
