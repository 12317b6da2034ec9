package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.Cloud;
import dev.jkops.cloud.CloudOutput;
import dev.jkops.cloud.Clouds;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * What the cluster commands share to reach a cluster's cloud: the {@link Cloud} its spec names
 * (chosen in {@link Clouds#forSpec}, never here), and a {@link CloudOutput} that writes to the
 * command's stdout and stderr, flushing as it goes so progress shows as it happens.
 */
final class CloudCommands {
  private CloudCommands() {}

  static Cloud cloud(ClusterStore clusters, ClusterStore.Stored cluster, Map<String, String> env) {
    return Clouds.forSpec(cluster, clusters, env, AwsSession::access);
  }

  static CloudOutput output(CommandLine command) {
    PrintWriter out = command.getOut();
    PrintWriter err = command.getErr();
    return new CloudOutput() {
      @Override
      public void print(String text) {
        out.print(text);
        out.flush();
      }

      @Override
      public void errln(String line) {
        err.println(line);
        err.flush();
      }

      @Override
      public void warn(String warning) {
        err.println(Warnings.PREFIX + warning);
        err.flush();
      }
    };
  }
}
