package dev.jkops.cloud.aws;

import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * What every AWS operation needs: the clients, the retry policy, the ids seen so far, the cluster.
 */
record AwsContext(AwsClients clients, AwsRetry retry, LiveIds ids, String cluster) {
  Ec2Client ec2() {
    return clients.ec2();
  }
}
