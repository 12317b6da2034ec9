package dev.jkops.cloud;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.cloud.picture.NetworkPicture;
import dev.jkops.cloud.picture.PlanPicture;
import dev.jkops.model.NetworkPlan;
import dev.jkops.tasks.rolling.InstanceReplacer;
import dev.jkops.tasks.rolling.Ticker;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A cluster whose spec names a cloud jkops does not run (kops' gce, say, in a state store kops
 * wrote). Nothing of it was made by jkops, so deleting it removes only its state, and its plan can
 * be shown; everything that would reach the cloud says which clouds jkops runs.
 */
final class UnsupportedCloud implements Cloud {
  private final String name;
  private final String cluster;

  UnsupportedCloud(String name, String cluster) {
    this.name = name;
    this.cluster = cluster;
  }

  @Override
  public String name() {
    return name;
  }

  private CloudException refused(String what) {
    return new CloudException(
        "cluster "
            + cluster
            + " is on cloud \""
            + name
            + "\" (spec.cloudProvider); "
            + what
            + " works on the "
            + String.join(" and ", dev.jkops.api.ZoneNames.CLOUDS)
            + " clouds");
  }

  @Override
  public void preview(CloudOutput out) {
    throw refused("update cluster");
  }

  @Override
  public void apply(CloudOutput out) {
    throw refused("update cluster");
  }

  @Override
  public void writeTerraform(Path dir, String format, CloudOutput out) {
    throw new CloudException(
        "--target terraform writes AWS resources; cluster "
            + cluster
            + " is on cloud \""
            + name
            + "\", which Terraform does not manage");
  }

  @Override
  public Validation validation(CloudOutput out, boolean keepProbePods) {
    throw refused("validate cluster");
  }

  @Override
  public InstanceReplacer instanceReplacer(boolean needsKubernetes, CloudOutput out) {
    throw refused("rolling-update cluster");
  }

  @Override
  public Ticker ticker() {
    return Ticker.SYSTEM;
  }

  @Override
  public List<String> teardownPreview() {
    return List.of();
  }

  @Override
  public void teardown(CloudOutput out) {}

  @Override
  public ClusterBundle running(ClusterBundle stored) {
    return stored;
  }

  @Override
  public NetworkPicture picture(ClusterBundle completed, NetworkPlan plan) {
    return PlanPicture.of(
        plan,
        completed.cluster().spec(),
        false,
        cluster
            + ": "
            + plan.mode()
            + " on "
            + name
            + ", as planned (from the spec; jkops does not run this cloud)");
  }

  @Override
  public ProviderInstall installProvider(NetworkingSpec provider, String file) {
    throw new CloudException(
        "cluster "
            + cluster
            + " is on cloud \""
            + name
            + "\"; apply -f installs a networking"
            + " provider on the local cloud only (on "
            + name
            + ", use kubectl create -f "
            + file
            + ")");
  }

  @Override
  public KubeAccess kubeAccess(Optional<java.time.Duration> admin) {
    throw new CloudException(
        "cluster "
            + cluster
            + " is on cloud \""
            + name
            + "\"; export kubecfg reaches clusters on"
            + " the local and aws clouds");
  }
}
