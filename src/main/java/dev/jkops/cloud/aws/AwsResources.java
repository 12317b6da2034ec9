package dev.jkops.cloud.aws;

import dev.jkops.model.NetworkPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every AWS resource a cluster needs: its network from the spec, its security groups and IAM from
 * the model's network plan, and its instance groups. The result is what the engine converges, what
 * the dry run previews and what Terraform output writes.
 */
public final class AwsResources {
  private AwsResources() {}

  public static List<AwsResource> build(AwsCluster cluster, NetworkPlan plan) {
    return build(cluster, plan, Optional.empty());
  }

  /**
   * @param sshKey the cluster's admin SSH key ({@link SshPublicKey#fromStore}): imported as kops'
   *     key pair and named by every launch template, unless {@code spec.sshKeyName} names an
   *     existing key pair (or is empty: instances get no key)
   */
  public static List<AwsResource> build(
      AwsCluster cluster, NetworkPlan plan, Optional<SshPublicKey> sshKey) {
    // Checked here, where spec text becomes AWS values, so that validate and delete still work on
    // a cluster whose stored spec has a value AWS cannot take.
    AwsSpecText.check(cluster.bundle());
    // The launch settings (root volume, metadata, lifetime) only reach Terraform today; a value AWS
    // cannot take is refused for every target alike.
    cluster.instanceGroups().forEach(InstanceSettings::of);
    Optional<String> existingKeyPair = AwsTerraform.existingKeyPair(cluster);
    Optional<KeyPair> keyPair =
        existingKeyPair.isPresent()
            ? Optional.empty()
            : sshKey.map(k -> KeyPair.of(cluster.name(), k));
    String keyName = existingKeyPair.or(() -> keyPair.map(KeyPair::name)).orElse("");
    List<AwsResource> out = new ArrayList<>(NetworkResources.build(cluster));
    Vpc vpc = (Vpc) out.get(0);
    List<Subnet> subnets =
        out.stream().filter(r -> r instanceof Subnet).map(r -> (Subnet) r).toList();
    out.addAll(SecurityResources.build(cluster, plan, vpc.ref()));
    out.addAll(IamResources.build(cluster, plan));
    keyPair.ifPresent(out::add);
    out.addAll(InstanceGroupResources.build(cluster, plan, subnets, keyName));
    out.addAll(EtcdVolumes.build(cluster));
    out.addAll(NodeTerminationHandler.build(cluster, out));
    return List.copyOf(out);
  }
}
