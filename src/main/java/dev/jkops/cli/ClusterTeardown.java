package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * A step {@code delete cluster --yes} runs before it removes the cluster's state: tearing down what
 * a cloud made for it. Register one in {@link DeleteClusterCommand#TEARDOWNS}. A step that fails
 * throws, and the state is kept so the delete can be run again.
 */
interface ClusterTeardown {
  /** One line per thing this step would remove, for the preview without --yes; empty if none. */
  List<String> preview(ClusterStore.Stored cluster, Map<String, String> env);

  /** Removes them, reporting progress on {@code out}. */
  void teardown(ClusterStore.Stored cluster, Map<String, String> env, PrintWriter out);

  /** As {@link #preview(ClusterStore.Stored, Map)}, for a step that reads the state store too. */
  default List<String> preview(ClusterStore.Stored cluster, ClusterStore store, Map<String, String> env) {
    return preview(cluster, env);
  }

  /** As {@link #teardown(ClusterStore.Stored, Map, PrintWriter)}, for a step that reads the state store too. */
  default void teardown(ClusterStore.Stored cluster, ClusterStore store, Map<String, String> env, PrintWriter out) {
    teardown(cluster, env, out);
  }
}
