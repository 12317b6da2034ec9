package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code create -f} and {@code replace -f} share before they write: read the file (instance
 * groups without a cluster label belong to {@code --name}, else {@code KOPS_CLUSTER_NAME}), hold
 * the lock of every cluster it touches, and warn about the fields jkops keeps but does not model.
 */
final class SpecFileWrite {
  /** The command's own checks and writes, run holding the locks. */
  interface Write {
    int apply(SpecFile input, ClusterStore clusters);
  }

  private SpecFileWrite() {}

  static int run(CommandSpec spec, StoreOptions store, Path file, String nameOption, Write write) {
    String fallback = nameOption != null ? nameOption : Main.env(spec).get(ClusterNameOption.ENV);
    SpecFile input = SpecFile.read(file, fallback);
    try (StoreOptions.Held lock = store.lock(input.touchedClusters())) {
      ClusterStore clusters = store.open();
      Warnings.unmodelled(spec.commandLine().getErr(), input.unmodelled());
      return write.apply(input, clusters);
    }
  }
}
