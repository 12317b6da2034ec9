package dev.jkops.cli;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.aws.AwsCloud;
import dev.jkops.cloud.aws.AwsCluster;
import dev.jkops.cloud.aws.AwsException;
import dev.jkops.cloud.aws.AwsResource;
import dev.jkops.cloud.aws.AwsResources;
import dev.jkops.cloud.aws.AwsTerraform;
import dev.jkops.cloud.aws.PublishedObjects;
import dev.jkops.cloud.terraform.TerraformFormat;
import dev.jkops.cloud.terraform.TerraformOutput;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.ModelException;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.addon.ClusterArtifactsWriter;
import dev.jkops.model.addon.PublishedAddons;
import dev.jkops.model.ipam.IpamStore;
import dev.jkops.tasks.DryRun;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import dev.jkops.tasks.TaskException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code update cluster} for an AWS cluster: dry run, direct apply, or Terraform output. */
final class AwsUpdate {
  private final ClusterStore clusters;
  private final ClusterStore.Stored stored;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<String, String> env;

  AwsUpdate(ClusterStore clusters, ClusterStore.Stored stored, PrintWriter out, PrintWriter err,
      Map<String, String> env) {
    this.clusters = clusters;
    this.stored = stored;
    this.out = out;
    this.err = err;
    this.env = env;
  }

  void run(String target, boolean yes, Path dir, String format) {
    try {
      ClusterBundle bundle = new ClusterBundle(ClusterCompletion.complete(stored.bundle()), stored.bundle().instanceGroups());
      IpamStore ipamStore = new IpamStore(clusters.stateStore());
      if ("terraform".equals(target)) {
        terraform(bundle, ipamStore, dir == null ? Path.of("out", "terraform") : dir, format);
        return;
      }
      AwsCloud cloud = AwsSession.cloud(AwsCluster.of(bundle).region(), env);
      NetworkPlan plan = cloud.networkPlan(bundle, ipamStore.load(bundle.name()));
      Warnings.print(err, plan.warnings());
      var networkingSwitch = PublishedAddons.read(clusters.stateStore(), bundle.name()).switchTo(plan);
      if ("dryrun".equals(target) || !yes) {
        out.print(DryRun.render(cloud.plan(bundle, plan)));
        networkingSwitch.ifPresent(s -> out.println("Networking: " + s + "; the launch templates change, and"
            + " 'jkops rolling-update cluster " + bundle.name() + " --yes' replaces the instances launched from the old"
            + " ones, whose nodes run the old provider until then"));
        out.flush();
        return;
      }
      // Recorded before anything changes, so delete cluster also cleans up after a partial apply.
      clusters.stateStore().write(AwsTeardown.marker(bundle.name()),
          ("region: " + AwsCluster.of(bundle).region() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      Plan<AwsResource> done = cloud.apply(bundle, plan, progress());
      publish(bundle, plan, ipamStore);
      out.println(done.isEmpty() ? "No changes need to be applied" : "\nCluster changes have been applied to the cloud.");
      networkingSwitch.ifPresent(s -> out.println("Networking: " + s + "; run 'jkops rolling-update cluster "
          + bundle.name() + " --yes' to move the instances to it"));
      out.flush();
    } catch (AwsException | TaskException | ModelException | IllegalArgumentException e) {
      throw new CommandException(e.getMessage() + " (cluster " + stored.bundle().name() + ")", e);
    }
  }

  private void terraform(ClusterBundle bundle, IpamStore ipamStore, Path dir, String format) {
    TerraformFormat f = TerraformFormat.parse(format);
    NetworkPlan plan = NetworkPlanner.plan(bundle, ipamStore.load(bundle.name()));
    AwsCluster cluster = AwsCluster.of(bundle);
    // Only a cluster in an existing VPC asks the cloud anything: the id of the VPC's internet gateway.
    var igw = cluster.sharedVpc() ? AwsSession.cloud(cluster.region(), env).sharedInternetGateway(cluster)
        : java.util.Optional.<String>empty();
    var published = PublishedObjects.of(clusters.stateStore().location(), bundle.cluster(), plan.addons());
    List<Path> files = TerraformOutput.write(dir, AwsTerraform.config(cluster, AwsResources.build(cluster, plan), igw,
        published), f);
    publish(bundle, plan, ipamStore);
    Warnings.print(err, AwsTerraform.notWritten(cluster));
    out.println("Terraform output is in " + dir + " (" + files.get(0).getFileName() + " and " + (files.size() - 1)
        + " data files)");
    out.println("Run these commands to apply the configuration:\n   cd " + dir + "\n   terraform plan\n   terraform apply");
    out.flush();
  }

  /** The completed spec, bootstrap channel and addon manifests, and the pod ranges, in the state store. */
  private void publish(ClusterBundle bundle, NetworkPlan plan, IpamStore ipamStore) {
    new ClusterArtifactsWriter(clusters.stateStore()).write(bundle.cluster(), plan.addons());
    ipamStore.save(bundle.name(), plan.ipam());
  }

  private ProgressListener progress() {
    return e -> {
      if (e instanceof ProgressListener.Finished f) {
        out.println("  [" + f.index() + "/" + f.total() + "] " + verb(f.action()) + " " + f.action().id());
        out.flush();
      }
    };
  }

  private static String verb(dev.jkops.tasks.Action<?> a) {
    return a instanceof dev.jkops.tasks.Action.Create ? "created" : a instanceof dev.jkops.tasks.Action.Delete ? "deleted" : "updated";
  }
}
