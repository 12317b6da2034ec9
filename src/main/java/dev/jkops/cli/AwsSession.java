package dev.jkops.cli;

import dev.jkops.cloud.aws.AwsClients;
import dev.jkops.cloud.aws.AwsCloud;
import dev.jkops.cloud.aws.AwsRetry;
import java.util.Map;
import java.util.function.Function;

/**
 * How commands reach AWS: real SDK clients for the cluster's region (credentials from the SDK's
 * default chain: AWS_PROFILE, AWS_ACCESS_KEY_ID, instance roles). Tests replace {@link #clients}
 * with the in-process fake; nothing else changes it.
 */
final class AwsSession {
  static Function<String, AwsClients> clients = AwsClients::forRegion;
  static AwsRetry retry = AwsRetry.standard();

  private AwsSession() {}

  static AwsCloud cloud(String region, Map<String, String> env) {
    return new AwsCloud(clients.apply(region), retry);
  }
}
