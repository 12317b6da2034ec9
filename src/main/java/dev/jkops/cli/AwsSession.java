package dev.jkops.cli;

import dev.jkops.cloud.aws.AwsAccess;
import dev.jkops.cloud.aws.AwsClients;
import dev.jkops.cloud.aws.AwsRetry;
import dev.jkops.tasks.rolling.Ticker;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.util.Map;
import java.util.function.Function;

/**
 * How commands reach AWS ({@link #access}, which an AWS cluster's cloud is given): real SDK clients
 * for the cluster's region (credentials from the SDK's default chain: AWS_PROFILE,
 * AWS_ACCESS_KEY_ID, instance roles). Tests replace {@link #clients} with the in-process fake,
 * {@link #kubernetes} with the Kubernetes mock server and {@link #ticker} (how a roll waits for a
 * replacement to come into service) with a clock that does not sleep; nothing else changes them.
 */
final class AwsSession {
  static Function<String, AwsClients> clients = AwsClients::forRegion;
  static AwsRetry retry = AwsRetry.standard();
  static Function<Map<String, String>, KubernetesClient> kubernetes = AwsSession::kubeconfigClient;
  static Ticker ticker = Ticker.SYSTEM;

  private AwsSession() {}

  /** What an AWS cluster's cloud uses, as the fields say now. */
  static AwsAccess access() {
    return new AwsAccess(clients, retry, kubernetes, ticker);
  }

  /**
   * A client for the API server of the user's kubeconfig: the first file in {@code KUBECONFIG} (a
   * path list, as kubectl reads it), else {@code ~/.kube/config}.
   */
  static KubernetesClient kubeconfigClient(Map<String, String> env) {
    String list = env.get("KUBECONFIG");
    File file;
    if (list != null && !list.isBlank()) {
      file =
          java.util.Arrays.stream(list.split(File.pathSeparator))
              .filter(s -> !s.isBlank())
              .map(File::new)
              .filter(File::isFile)
              .findFirst()
              .orElseThrow(
                  () ->
                      new CommandException(
                          "KUBECONFIG="
                              + list
                              + " names no readable file; point it at the cluster's kubeconfig (kops export kubecfg writes one)"));
    } else {
      file = new File(env.getOrDefault("HOME", System.getProperty("user.home")), ".kube/config");
      if (!file.isFile()) {
        throw new CommandException(
            "no kubeconfig: "
                + file
                + " does not exist and KUBECONFIG is not set; set KUBECONFIG"
                + " to the cluster's kubeconfig to validate it through the Kubernetes API");
      }
    }
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(file)).build();
  }
}
