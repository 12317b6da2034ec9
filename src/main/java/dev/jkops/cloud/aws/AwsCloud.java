package dev.jkops.cloud.aws;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.Cloud;
import dev.jkops.cloud.CloudException;
import dev.jkops.cloud.CloudOutput;
import dev.jkops.cloud.aws.validate.AwsClusterValidation;
import dev.jkops.cloud.picture.NetworkPicture;
import dev.jkops.cloud.picture.PlanPicture;
import dev.jkops.cloud.report.ValidationReport;
import dev.jkops.cloud.terraform.TerraformFormat;
import dev.jkops.cloud.terraform.TerraformOutput;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.ModelException;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.addon.PublishedAddons;
import dev.jkops.model.ipam.IpamStore;
import dev.jkops.tasks.Action;
import dev.jkops.tasks.DryRun;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import dev.jkops.tasks.TaskException;
import dev.jkops.tasks.rolling.InstanceReplacer;
import dev.jkops.tasks.rolling.Ticker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A stored cluster on AWS: the dry run, direct apply and Terraform output of {@code update
 * cluster}, validation through the AWS and Kubernetes APIs, instance replacement through the
 * autoscaling groups, and teardown of what {@code update cluster --yes} made. Only a cluster that
 * was applied (it leaves a marker in the state store) is looked up in AWS on delete: one only
 * exported as Terraform is Terraform's to destroy, and one never applied has nothing there.
 */
public final class AwsCloud implements Cloud {
  /** How long a roll waits for a replacement instance to come into service. */
  static final Duration LAUNCH_TIMEOUT = Duration.ofMinutes(15);

  private final ClusterStore.Stored stored;
  private final ClusterStore clusters;
  private final Map<String, String> env;
  private final AwsAccess access;

  public AwsCloud(
      ClusterStore.Stored stored,
      ClusterStore clusters,
      Map<String, String> env,
      AwsAccess access) {
    this.stored = stored;
    this.clusters = clusters;
    this.env = env;
    this.access = access;
  }

  @Override
  public String name() {
    return dev.jkops.api.ZoneNames.AWS;
  }

  /** Where {@code update cluster --yes} records that it applied the cluster to AWS. */
  static String marker(String cluster) {
    return cluster + "/aws/applied";
  }

  private String clusterName() {
    return stored.bundle().name();
  }

  private ClusterBundle completed() {
    return new ClusterBundle(
        ClusterCompletion.complete(stored.bundle()), stored.bundle().instanceGroups());
  }

  private AwsClusterResources resources(AwsCluster cluster) {
    return new AwsClusterResources(access.clients().apply(cluster.region()), access.retry());
  }

  /** The cloud's, the engine's and the model's errors, said for this cluster. */
  private <T> T forCluster(Supplier<T> work) {
    try {
      return work.get();
    } catch (AwsException | TaskException | ModelException | IllegalArgumentException e) {
      throw new CloudException(e.getMessage() + " (cluster " + clusterName() + ")", e);
    }
  }

  /**
   * The SDK path does not make a Classic API load balancer's access log or extra security groups:
   * such a cluster is refused before anything is looked up or changed, with the reason and what to
   * do.
   */
  private static void refuseWhatDirectApplyCannotMake(ClusterBundle bundle) {
    LoadBalancerResources.refuseUnmadeClassicSettings(AwsCluster.of(bundle));
  }

  @Override
  public void preview(CloudOutput out) {
    forCluster(
        () -> {
          ClusterBundle bundle = completed();
          refuseWhatDirectApplyCannotMake(bundle);
          AwsClusterResources cloud = resources(AwsCluster.of(bundle));
          NetworkPlan plan =
              cloud.networkPlan(bundle, new IpamStore(clusters.stateStore()).load(bundle.name()));
          plan.warnings().forEach(out::warn);
          var networkingSwitch =
              PublishedAddons.read(clusters.stateStore(), bundle.name()).switchTo(plan);
          out.print(
              DryRun.render(
                  cloud.plan(
                      bundle, plan, SshPublicKey.fromStore(clusters.stateStore(), bundle.name()))));
          networkingSwitch.ifPresent(
              s ->
                  out.println(
                      "Networking: "
                          + s
                          + "; the launch templates change, and"
                          + " 'jkops rolling-update cluster "
                          + bundle.name()
                          + " --yes' replaces the instances launched from the old"
                          + " ones, whose nodes run the old provider until then"));
          return null;
        });
  }

  @Override
  public void apply(CloudOutput out) {
    forCluster(
        () -> {
          ClusterBundle bundle = completed();
          refuseWhatDirectApplyCannotMake(bundle);
          IpamStore ipamStore = new IpamStore(clusters.stateStore());
          AwsCluster cluster = AwsCluster.of(bundle);
          AwsClusterResources cloud = resources(cluster);
          NetworkPlan plan = cloud.networkPlan(bundle, ipamStore.load(bundle.name()));
          plan.warnings().forEach(out::warn);
          var networkingSwitch =
              PublishedAddons.read(clusters.stateStore(), bundle.name()).switchTo(plan);
          // A spec.dnsZone Route 53 cannot match is refused before anything is written.
          cloud.hostedZone(cluster);
          // Recorded before anything changes, so delete cluster also cleans up after a partial
          // apply.
          clusters
              .stateStore()
              .write(
                  marker(bundle.name()),
                  ("region: " + cluster.region() + "\n").getBytes(StandardCharsets.UTF_8));
          Plan<AwsResource> done =
              cloud.apply(
                  bundle,
                  plan,
                  SshPublicKey.fromStore(clusters.stateStore(), bundle.name()),
                  e -> {
                    if (e instanceof ProgressListener.Finished f) {
                      out.println(
                          "  ["
                              + f.index()
                              + "/"
                              + f.total()
                              + "] "
                              + verb(f.action())
                              + " "
                              + f.action().id());
                    }
                  });
          publish(bundle, plan, ipamStore);
          out.println(
              done.isEmpty()
                  ? "No changes need to be applied"
                  : "\nCluster changes have been applied to the cloud.");
          networkingSwitch.ifPresent(
              s ->
                  out.println(
                      "Networking: "
                          + s
                          + "; run 'jkops rolling-update cluster "
                          + bundle.name()
                          + " --yes' to move the instances to it"));
          return null;
        });
  }

  @Override
  public void writeTerraform(Path dir, String format, CloudOutput out) {
    forCluster(
        () -> {
          ClusterBundle bundle = completed();
          IpamStore ipamStore = new IpamStore(clusters.stateStore());
          TerraformFormat f = TerraformFormat.parse(format);
          NetworkPlan plan = NetworkPlanner.plan(bundle, ipamStore.load(bundle.name()));
          AwsCluster cluster = AwsCluster.of(bundle);
          // Only a cluster in an existing VPC asks the cloud anything: the ids of the gateways
          // attached to it (internet; egress-only for IPv6), which its routes name.
          ExistingVpcGateways gateways =
              cluster.sharedVpc()
                  ? resources(cluster).existingVpcGateways(cluster)
                  : ExistingVpcGateways.NONE;
          var published = PublishedObjects.of(clusters.stateStore().location(), cluster, plan);
          List<Path> files =
              TerraformOutput.write(
                  dir,
                  AwsTerraform.config(
                      cluster,
                      AwsResources.build(cluster, plan),
                      gateways,
                      published,
                      SshPublicKey.fromStore(clusters.stateStore(), bundle.name())),
                  f);
          publish(bundle, plan, ipamStore);
          AwsTerraform.notWritten(cluster).forEach(out::warn);
          unresolvedImages(bundle).forEach(out::warn);
          out.println(
              "Terraform output is in "
                  + dir
                  + " ("
                  + files.get(0).getFileName()
                  + " and "
                  + (files.size() - 1)
                  + " data files)");
          out.println(
              "Run these commands to apply the configuration:\n   cd "
                  + dir
                  + "\n   terraform plan\n   terraform apply");
          return null;
        });
  }

  /**
   * Terraform output is written offline, so an image name reaches {@code image_id} as written,
   * where kops writes the AMI id it resolved: one warning per instance group whose image is not an
   * id.
   */
  static List<String> unresolvedImages(ClusterBundle bundle) {
    return bundle.instanceGroups().stream()
        .filter(
            ig ->
                ig.spec().extra().get("image") instanceof String image && !image.startsWith("ami-"))
        .map(
            ig ->
                "spec.image of instance group "
                    + ig.name()
                    + " is the image name \""
                    + ig.spec().extra().get("image")
                    + "\": Terraform output is written offline, so image_id gets the name as"
                    + " written and EC2 will refuse it (kops writes the AMI id it resolved); give"
                    + " an AMI id (ami-...), or apply directly with update cluster --yes, which"
                    + " resolves it")
        .toList();
  }

  /**
   * The completed spec, bootstrap channel and addon manifests, and the pod ranges, in the state
   * store.
   */
  private void publish(ClusterBundle bundle, NetworkPlan plan, IpamStore ipamStore) {
    PublishedObjects.publish(clusters.stateStore(), AwsCluster.of(bundle), plan);
    ipamStore.save(bundle.name(), plan.ipam());
  }

  private static String verb(Action<?> a) {
    return a instanceof Action.Create
        ? "created"
        : a instanceof Action.Delete ? "deleted" : "updated";
  }

  /**
   * The autoscaling groups through the AWS API; nodes, the networking DaemonSets and cluster DNS
   * through the Kubernetes API of the user's kubeconfig, opened once for every pass.
   */
  @Override
  public Validation validation(CloudOutput out, boolean keepProbePods) {
    AwsCluster cluster;
    NetworkPlan plan;
    try {
      ClusterBundle bundle = completed();
      plan = NetworkPlanner.plan(bundle, new IpamStore(clusters.stateStore()).load(clusterName()));
      cluster = AwsCluster.of(bundle);
    } catch (AwsException | ModelException | IllegalArgumentException e) {
      throw new CloudException(e.getMessage() + " (cluster " + clusterName() + ")", e);
    }
    KubernetesClient kube = access.kubernetes().apply(env);
    AwsClusterValidation validation =
        new AwsClusterValidation(
            cluster, plan, access.clients().apply(cluster.region()), access.retry(), kube);
    return new Validation() {
      @Override
      public ValidationReport run() {
        try {
          return validation.run();
        } catch (AwsException | ModelException | IllegalArgumentException e) {
          throw new CloudException(e.getMessage() + " (cluster " + clusterName() + ")", e);
        }
      }

      @Override
      public String failedPass(int pass, ValidationReport report) {
        var first = report.failures().get(0);
        return "Validation "
            + pass
            + " failed with "
            + report.failures().size()
            + " error(s), e.g. "
            + first.kind()
            + " "
            + first.name()
            + ": "
            + first.message();
      }

      @Override
      public void close() {
        kube.close();
      }
    };
  }

  /**
   * The autoscaling groups through the SDK; cordon, drain and validation through the Kubernetes API
   * of the user's kubeconfig, which is only opened when the roll needs it (not for the table, not
   * with --cloudonly).
   */
  @Override
  public InstanceReplacer instanceReplacer(boolean needsKubernetes, CloudOutput out) {
    ClusterBundle user = stored.bundle();
    ClusterBundle bundle = completed();
    AwsCluster cluster = AwsCluster.of(bundle);
    var clients = access.clients().apply(cluster.region());
    KubernetesClient kube = needsKubernetes ? access.kubernetes().apply(env) : null;
    NodeDrainer drainer =
        kube == null
            ? new NodeDrainer() {
              @Override
              public void cordon(String instanceId) {}

              @Override
              public void drain(String instanceId) {}
            }
            : new KubernetesDrainer(kube);
    return new AwsInstanceReplacer(
        user,
        clients,
        access.retry(),
        drainer,
        () -> {
          NetworkPlan plan =
              NetworkPlanner.plan(bundle, new IpamStore(clusters.stateStore()).load(bundle.name()));
          var report = new AwsClusterValidation(cluster, plan, clients, access.retry(), kube).run();
          return new InstanceReplacer.Validation(
              report.failures().stream()
                  .map(f -> f.kind() + " " + f.name() + ": " + f.message())
                  .toList());
        },
        access.ticker(),
        LAUNCH_TIMEOUT);
  }

  @Override
  public Ticker ticker() {
    return access.ticker();
  }

  private boolean applied() {
    return clusters.stateStore().read(marker(clusterName())).isPresent();
  }

  /** Without the marker nothing of the cluster is known to be in AWS. */
  @Override
  public List<String> teardownPreview() {
    if (!applied()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    AwsCluster cluster = AwsCluster.of(stored.bundle());
    for (Action.Delete<AwsResource> d : resources(cluster).deletePlan(cluster).deletes()) {
      lines.add(d.id().kind() + "\t" + d.id().name());
    }
    return lines;
  }

  /**
   * Everything tagged as the cluster's own, in reverse dependency order; an existing VPC or subnet
   * stays.
   */
  @Override
  public void teardown(CloudOutput out) {
    if (!applied()) {
      return;
    }
    try {
      Plan<AwsResource> done =
          resources(AwsCluster.of(stored.bundle()))
              .delete(
                  AwsCluster.of(stored.bundle()),
                  e -> {
                    if (e instanceof ProgressListener.Finished f) {
                      out.println("  deleted " + f.action().id());
                    }
                  });
      out.println("Deleted " + done.deletes().size() + " AWS resources of " + clusterName());
    } catch (AwsException | TaskException e) {
      throw new CloudException(
          e.getMessage() + "; the cluster's state is kept so delete can be run again", e);
    }
  }

  @Override
  public ClusterBundle running(ClusterBundle stored) {
    return stored;
  }

  /** As planned: the picture is drawn from the spec, not read from AWS. */
  @Override
  public NetworkPicture picture(ClusterBundle completed, NetworkPlan plan) {
    return PlanPicture.of(
        plan,
        completed.cluster().spec(),
        true,
        clusterName()
            + ": "
            + plan.mode()
            + " on AWS, as"
            + " planned (from the spec, not read from AWS)");
  }

  @Override
  public ProviderInstall installProvider(NetworkingSpec provider, String file) {
    throw new CloudException(
        "cluster "
            + clusterName()
            + " is on cloud \"aws\"; apply -f installs a networking"
            + " provider on the local cloud only (on aws, use kubectl create -f "
            + file
            + ")");
  }

  @Override
  public KubeAccess kubeAccess(Optional<java.time.Duration> admin) {
    // kops reads the API's name and the cluster CA from its keyset; jkops keeps no keyset for AWS
    // clusters yet, so it says so rather than write a kubeconfig kubectl could not use
    throw new CloudException(
        "cluster "
            + clusterName()
            + " is on cloud \"aws\"; export kubecfg serves local clusters"
            + " only so far (their API server runs on this machine): jkops keeps no cluster CA for AWS clusters yet");
  }
}
