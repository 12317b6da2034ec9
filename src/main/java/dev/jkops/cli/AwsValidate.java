package dev.jkops.cli;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.aws.AwsCluster;
import dev.jkops.cloud.aws.AwsException;
import dev.jkops.cloud.aws.validate.AwsClusterValidation;
import dev.jkops.cloud.local.validate.ReportDocument;
import dev.jkops.cloud.local.validate.ReportText;
import dev.jkops.cloud.local.validate.ValidationReport;
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
  static java.util.function.Consumer<Duration> pause = AwsValidate::sleep;

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
        long deadline = System.nanoTime() + waitFor.toNanos();
        int pass = 1;
        while (true) {
          report = validation.run();
          long left = deadline - System.nanoTime();
          if (report.ready() || left <= 0) {
            break;
          }
          err.println("Validation " + pass + " failed with " + report.failures().size() + " error(s), e.g. "
              + report.failures().get(0).kind() + " " + report.failures().get(0).name() + ": "
              + report.failures().get(0).message() + "; retrying for up to " + Duration.ofNanos(left).toSeconds() + "s more");
          err.flush();
          pause.accept(Duration.ofNanos(Math.min(left, ValidateClusterCommand.RETRY_PAUSE.toNanos())));
          pass++;
        }
      }
    } catch (AwsException | ModelException | IllegalArgumentException e) {
      throw new CommandException(e.getMessage() + " (cluster " + name + ")", e);
    }
    out.print(switch (format) {
      case TABLE -> ReportText.render(report);
      case YAML -> ReportDocument.yaml(report);
      case JSON -> ReportDocument.json(report);
    });
    out.flush();
    return report.ready() ? 0 : ErrorReporter.FAILED;
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandException("interrupted while waiting to validate again", e);
    }
  }
}
