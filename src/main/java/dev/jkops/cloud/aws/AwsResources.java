package dev.jkops.cloud.aws;

import dev.jkops.model.NetworkPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Every AWS resource a cluster needs: its network from the spec, its security groups and IAM from
 * the model's network plan, and its instance groups. The result is what the engine converges, what
 * the dry run previews and what Terraform output writes.
 */
public final class AwsResources {
  private AwsResources() {}

  public static List<AwsResource> build(AwsCluster cluster, NetworkPlan plan) {
    // Checked here, where spec text becomes AWS values, so that validate and delete still work on
    // a cluster whose stored spec has a value AWS cannot take.
    AwsSpecText.check(cluster.bundle());
    // The launch settings (root volume, metadata, lifetime) only reach Terraform today; a value AWS
    // cannot take is refused for every target alike.
    cluster.instanceGroups().forEach(InstanceSettings::of);
    List<AwsResource> out = new ArrayList<>(NetworkResources.build(cluster));
    Vpc vpc = (Vpc) out.get(0);
    List<Subnet> subnets =
        out.stream().filter(r -> r instanceof Subnet).map(r -> (Subnet) r).toList();
    out.addAll(SecurityResources.build(cluster, plan, vpc.ref()));
    out.addAll(IamResources.build(cluster, plan));
    out.addAll(InstanceGroupResources.build(cluster, plan, subnets));
    out.addAll(EtcdVolumes.build(cluster));
    return List.copyOf(out);
  }
}
