package dev.jkops.cli;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.aws.AwsCluster;
import dev.jkops.cloud.aws.AwsException;
import dev.jkops.cloud.aws.validate.AwsClusterValidation;
import dev.jkops.cloud.report.ValidationReport;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.ModelException;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;

/**
 * {@code validate cluster} for an AWS cluster: the autoscaling groups through the AWS API, nodes,
 * the networking DaemonSets and cluster DNS through the Kubernetes API of the user's kubeconfig.
 * With {@code --wait}, validates again every {@link ValidateClusterCommand#RETRY_PAUSE} until the cluster is ready or the
 * time is up, saying on stderr what still fails.
 */
final class AwsValidate {
  /** How --wait pauses between passes; tests change the cluster here instead of sleeping. */
  static java.util.function.Consumer<Duration> pause = ValidateClusterCommand::sleep;

  private final ClusterStore clusters;
  private final ClusterStore.Stored stored;
  private final Map<String, String> env;

  AwsValidate(ClusterStore clusters, ClusterStore.Stored stored, Map<String, String> env) {
    this.clusters = clusters;
    this.stored = stored;
    this.env = env;
  }

  int run(OutputFormat format, Duration waitFor, PrintWriter out, PrintWriter err) {
    String name = stored.bundle().name();
    ValidationReport report;
    try {
      ClusterBundle bundle = new ClusterBundle(ClusterCompletion.complete(stored.bundle()), stored.bundle().instanceGroups());
      NetworkPlan plan = NetworkPlanner.plan(bundle, new IpamStore(clusters.stateStore()).load(name));
      AwsCluster cluster = AwsCluster.of(bundle);
      try (KubernetesClient kube = AwsSession.kubernetes(env)) {
        AwsClusterValidation validation = new AwsClusterValidation(cluster, plan, AwsSession.clients.apply(cluster.region()),
            AwsSession.retry, kube);
        report = ValidateClusterCommand.untilReadyOrTimeUp(waitFor, validation::run, AwsValidate::failedPass, pause, err);
      }
    } catch (AwsException | ModelException | IllegalArgumentException e) {
      throw new CommandException(e.getMessage() + " (cluster " + name + ")", e);
    }
    return ValidateClusterCommand.print(report, format, out);
  }

  /** What --wait says of a failed pass: its number, how many errors, and the first of them. */
  private static String failedPass(int pass, ValidationReport report) {
    var first = report.failures().get(0);
    return "Validation " + pass + " failed with " + report.failures().size() + " error(s), e.g. " + first.kind() + " "
        + first.name() + ": " + first.message();
  }
}
