package dev.jkops.cli;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.aws.AwsCluster;
import dev.jkops.cloud.aws.AwsInstanceReplacer;
import dev.jkops.cloud.aws.KubernetesDrainer;
import dev.jkops.cloud.aws.NodeDrainer;
import dev.jkops.cloud.aws.validate.AwsClusterValidation;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamStore;
import dev.jkops.tasks.rolling.InstanceReplacer;
import dev.jkops.tasks.rolling.Ticker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;

/**
 * rolling-update for an AWS cluster: the autoscaling groups through the SDK ({@link AwsSession}),
 * cordon, drain and validation through the Kubernetes API of the user's kubeconfig, which is only
 * opened when the roll needs it (not for the table, not with --cloudonly).
 */
final class AwsRoll {
  static final Duration LAUNCH_TIMEOUT = Duration.ofMinutes(15);
  /** How the roll waits for a group to launch a replacement; tests swap in one that does not sleep. */
  static Ticker ticker = Ticker.SYSTEM;

  private AwsRoll() {}

  static InstanceReplacer replacer(ClusterStore clusters, ClusterStore.Stored stored, Map<String, String> env,
      boolean needsKubernetes) {
    ClusterBundle user = stored.bundle();
    ClusterBundle bundle = new ClusterBundle(ClusterCompletion.complete(user), user.instanceGroups());
    AwsCluster cluster = AwsCluster.of(bundle);
    var clients = AwsSession.clients.apply(cluster.region());
    KubernetesClient kube = needsKubernetes ? AwsSession.kubernetes(env) : null;
    NodeDrainer drainer = kube == null ? new NodeDrainer() {
      @Override public void cordon(String instanceId) { }

      @Override public void drain(String instanceId) { }
    } : new KubernetesDrainer(kube);
    return new AwsInstanceReplacer(user, clients, AwsSession.retry, drainer, () -> {
      NetworkPlan plan = NetworkPlanner.plan(bundle, new IpamStore(clusters.stateStore()).load(bundle.name()));
      var report = new AwsClusterValidation(cluster, plan, clients, AwsSession.retry, kube).run();
      return new InstanceReplacer.Validation(report.failures().stream()
          .map(f -> f.kind() + " " + f.name() + ": " + f.message()).toList());
    }, ticker, LAUNCH_TIMEOUT);
  }

}
