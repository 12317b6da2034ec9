package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.aws.AwsCloud;
import dev.jkops.cloud.aws.AwsCluster;
import dev.jkops.cloud.aws.AwsException;
import dev.jkops.cloud.aws.AwsResource;
import dev.jkops.tasks.Action;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import dev.jkops.tasks.TaskException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code delete cluster} on AWS: everything tagged as the cluster's own, in reverse dependency
 * order; an existing VPC or subnet (tagged {@code shared}) stays. Only a cluster that
 * {@code update cluster --yes} applied (it leaves a marker in the state store) is looked up in AWS:
 * one only exported as Terraform is Terraform's to destroy, and one never applied has nothing there.
 */
final class AwsTeardown implements ClusterTeardown {
  static String marker(String cluster) {
    return cluster + "/aws/applied";
  }

  private static boolean applied(ClusterStore.Stored cluster, ClusterStore store) {
    return "aws".equals(cluster.cluster().spec().cloudProvider())
        && store.stateStore().read(marker(cluster.bundle().name())).isPresent();
  }

  /** Without the state store there is no marker to read: nothing of the cluster is known to be in AWS. */
  @Override
  public List<String> preview(ClusterStore.Stored cluster, Map<String, String> env) {
    return List.of();
  }

  @Override
  public void teardown(ClusterStore.Stored cluster, Map<String, String> env, PrintWriter out) {
  }

  @Override
  public List<String> preview(ClusterStore.Stored cluster, ClusterStore store, Map<String, String> env) {
    if (!applied(cluster, store)) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    for (Action.Delete<AwsResource> d : cloud(cluster, env).deletePlan(cluster.bundle().name()).deletes()) {
      lines.add(d.id().kind() + "\t" + d.id().name());
    }
    return lines;
  }

  @Override
  public void teardown(ClusterStore.Stored cluster, ClusterStore store, Map<String, String> env, PrintWriter out) {
    if (!applied(cluster, store)) {
      return;
    }
    try {
      Plan<AwsResource> done = cloud(cluster, env).delete(cluster.bundle().name(), e -> {
        if (e instanceof ProgressListener.Finished f) {
          out.println("  deleted " + f.action().id());
          out.flush();
        }
      });
      out.println("Deleted " + done.deletes().size() + " AWS resources of " + cluster.bundle().name());
    } catch (AwsException | TaskException e) {
      throw new CommandException(e.getMessage() + "; the cluster's state is kept so delete can be run again", e);
    }
  }

  private static AwsCloud cloud(ClusterStore.Stored cluster, Map<String, String> env) {
    return AwsSession.cloud(AwsCluster.of(cluster.bundle()).region(), env);
  }
}
