package dev.jkops.cloud.aws;

import dev.jkops.tasks.rolling.Ticker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.function.Function;

/**
 * How an {@link AwsCloud} reaches AWS and the cluster: SDK clients for a region, the retry policy,
 * a Kubernetes client for the user's kubeconfig (from the command's environment), and how a roll
 * waits. The CLI gives the real ones; tests give an in-process fake, a mock API server and a clock
 * that does not sleep.
 */
public record AwsAccess(
    Function<String, AwsClients> clients,
    AwsRetry retry,
    Function<Map<String, String>, KubernetesClient> kubernetes,
    Ticker ticker) {}
