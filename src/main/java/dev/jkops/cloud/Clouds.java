package dev.jkops.cloud;

import dev.jkops.api.ZoneNames;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.aws.AwsAccess;
import dev.jkops.cloud.aws.AwsCloud;
import dev.jkops.cloud.local.LocalCloud;
import dev.jkops.cloud.local.kernel.Kernel;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one place a cluster's cloud is chosen, from {@code spec.cloudProvider}, as {@code
 * NetworkProviders.forSpec} chooses its networking provider: commands ask for the cluster's {@link
 * Cloud} and never look at the name themselves. A spec without a cloud is a local cluster, as jkops
 * always took it. A cloud jkops does not run (only a hand-written state store has one: create and
 * edit refuse it) still lets the cluster be shown and its state deleted, and says so for the rest.
 */
public final class Clouds {
  private Clouds() {}

  /**
   * The cloud of {@code cluster}, stored in {@code clusters}; {@code env} is the command's
   * environment (runtime dir, kubeconfig) and {@code aws} how to reach AWS, used only by an AWS
   * cluster.
   */
  public static Cloud forSpec(
      ClusterStore.Stored cluster, ClusterStore clusters, Map<String, String> env, AwsAccess aws) {
    return forSpec(cluster, clusters, env, () -> aws);
  }

  /**
   * As {@link #forSpec(ClusterStore.Stored, ClusterStore, Map, AwsAccess)}, with {@code aws} asked
   * only for an AWS cluster: making the SDK's retry policy and client factories loads AWS SDK
   * classes a local cluster's command never uses.
   */
  public static Cloud forSpec(
      ClusterStore.Stored cluster,
      ClusterStore clusters,
      Map<String, String> env,
      Supplier<AwsAccess> aws) {
    String name = cluster.cluster().spec().cloudProvider();
    if (name == null || name.equals(ZoneNames.LOCAL)) {
      return new LocalCloud(Kernel.system(), cluster, clusters, env);
    } else if (name.equals(ZoneNames.AWS)) {
      return new AwsCloud(cluster, clusters, env, aws.get());
    }
    return new UnsupportedCloud(name, cluster.bundle().name());
  }
}
