package dev.jkops.cli;

import dev.jkops.api.store.ClusterStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jkops update cluster NAME [--yes] [--target direct|dryrun|terraform] [--out DIR]
 * [--terraform-format hcl|json]}: previews (the default), applies ({@code --yes}) or writes as
 * Terraform the cloud resources the cluster needs, as kops does.
 */
@Command(name = "cluster", description = "Preview, apply (--yes) or export as Terraform a cluster's cloud resources.")
final class UpdateClusterCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin ClusterNameOption clusterName;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "Cluster name (or --name, or $KOPS_CLUSTER_NAME).")
  String positionalName;

  @Option(names = "--yes", description = "Apply the changes (without it, only show them).")
  boolean yes;

  @Option(names = "--target", paramLabel = "TARGET", description = "direct (the cloud; the default), dryrun, or terraform.")
  String target = "direct";

  @Option(names = "--out", paramLabel = "DIR", description = "Directory for --target terraform (default: out/terraform).")
  Path out;

  @Option(names = "--terraform-format", paramLabel = "FORMAT", description = "hcl (kubernetes.tf, the default) or json (kubernetes.tf.json).")
  String terraformFormat = "hcl";

  @Override
  public Integer call() {
    String name = clusterName.resolve(positionalName);
    if (!java.util.List.of("direct", "dryrun", "terraform").contains(target)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--target \"" + target
          + "\" is not supported; use direct, dryrun or terraform");
    }
    ClusterStore clusters = store.open();
    ClusterStore.Stored stored = clusters.require(name);
    String cloud = stored.cluster().spec().cloudProvider();
    if (!"aws".equals(cloud)) {
      throw new CommandException("update cluster for cloudProvider \"" + cloud + "\" is not available in this"
          + " build; jkops updates clusters with cloudProvider: aws here");
    }
    new AwsUpdate(clusters, stored, spec.commandLine().getOut(), Main.env(spec)).run(target, yes, out, terraformFormat);
    return 0;
  }
}
