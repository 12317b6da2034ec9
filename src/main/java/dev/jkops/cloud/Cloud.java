package dev.jkops.cloud;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.cloud.picture.NetworkPicture;
import dev.jkops.cloud.report.ValidationReport;
import dev.jkops.model.NetworkPlan;
import dev.jkops.tasks.rolling.InstanceReplacer;
import dev.jkops.tasks.rolling.Ticker;
import java.nio.file.Path;
import java.util.List;

/**
 * One stored cluster on the cloud its spec names ({@code spec.cloudProvider}), chosen once by
 * {@link Clouds#forSpec}: everything the commands ask of a cloud. Commands parse flags, call one of
 * these and print; what a cloud has to say goes through the {@link CloudOutput} it is given.
 */
public interface Cloud {
  /** The cloud's name as the spec writes it: {@code aws} or {@code local}. */
  String name();

  /**
   * What this cloud tells the model when {@code get networking} plans without changing anything:
   * the local cloud's link MTU, route table and IPv6 VPC block (so an IPv6 cluster's plan is the
   * one {@code update} applies); another cloud, only its name.
   */
  default dev.jkops.model.CloudFacts planningFacts() {
    return dev.jkops.model.CloudFacts.forCloud(name());
  }

  /**
   * {@code update cluster} without --yes (or with --target dryrun): what would change; changes
   * nothing.
   */
  void preview(CloudOutput out);

  /**
   * {@code update cluster --yes}: brings the cloud to the spec, then publishes the completed spec,
   * addons and pod ranges to the state store. A second run changes nothing.
   */
  void apply(CloudOutput out);

  /**
   * {@code update cluster --target terraform}: the cluster as Terraform configuration in {@code
   * dir}.
   */
  void writeTerraform(Path dir, String format, CloudOutput out);

  /**
   * {@code validate cluster}: a validation that {@code --wait} may run again and again. {@code
   * keepProbePods}: on a cloud whose validate makes probe pods of its own (local), whether a run
   * that passes leaves its server pods for the next run ({@code --keep-probe-pods}).
   */
  Validation validation(CloudOutput out, boolean keepProbePods);

  /**
   * {@code rolling-update cluster}: the cloud's way to list and replace instances; with {@code
   * needsKubernetes} false (the table only, or --cloudonly) it drains and validates nothing.
   */
  InstanceReplacer instanceReplacer(boolean needsKubernetes, CloudOutput out);

  /** How a roll waits between steps on this cloud. */
  Ticker ticker();

  /**
   * {@code delete cluster} without --yes: one {@code kind<TAB>name} line per thing its teardown
   * removes.
   */
  List<String> teardownPreview();

  /**
   * {@code delete cluster --yes}: removes what the cloud made for the cluster, before its state
   * goes.
   */
  void teardown(CloudOutput out);

  /**
   * The stored cluster as it runs (on the local cloud, with a provider installed by {@code apply
   * -f}).
   */
  ClusterBundle running(ClusterBundle stored);

  /**
   * {@code get networking -o dot}: the network, read from the cloud where it can be, else as
   * planned.
   */
  NetworkPicture picture(ClusterBundle completed, NetworkPlan plan);

  /**
   * {@code apply -f} of a networking provider's manifest on a cni or external cluster: converges
   * every node to the provider's data plane and records it. {@code file} names the manifest in
   * errors.
   */
  ProviderInstall installProvider(NetworkingSpec provider, String file);

  /**
   * What kubectl needs to reach the cluster's Kubernetes API ({@code export kubecfg}, and every
   * {@code update cluster --yes}): the server, the CA that signed it and, with {@code admin}, a
   * client certificate the API accepts for that long.
   */
  KubeAccess kubeAccess(java.util.Optional<java.time.Duration> admin);

  /**
   * A Kubernetes API endpoint as a kubeconfig names it; the client pair is empty without {@code
   * --admin}.
   */
  record KubeAccess(
      String server,
      String caPem,
      java.util.Optional<String> clientCertificatePem,
      java.util.Optional<String> clientKeyPem) {}

  /**
   * What installing a provider did: the provider as a user names it ({@code flannel (vxlan)}),
   * whether the same one was there already, and how many changes it made to the cloud.
   */
  record ProviderInstall(String provider, boolean alreadyInstalled, int changes) {}

  /** One cluster's validation; closing it releases what it holds open (a Kubernetes client). */
  interface Validation extends AutoCloseable {
    /** One pass. */
    ValidationReport run();

    /** What {@code --wait} says on stderr of a pass that failed. */
    String failedPass(int pass, ValidationReport report);

    @Override
    void close();
  }
}
