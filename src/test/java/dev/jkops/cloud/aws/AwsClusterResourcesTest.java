package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.InstanceGroup;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.model.ModelException;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.Action;
import dev.jkops.tasks.DryRun;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The AWS cloud against the in-process fake: apply, re-apply, dry run, delete, and AWS' failure
 * modes.
 */
class AwsClusterResourcesTest {
  final FakeAws aws = new FakeAws();
  final List<Long> sleeps = new ArrayList<>();
  final AwsClusterResources cloud =
      new AwsClusterResources(aws.clients(), new AwsRetry(8, 100, 1600, sleeps::add));

  NetworkPlan plan(ClusterBundle b) {
    return cloud.networkPlan(b, IpamState.empty());
  }

  Plan<AwsResource> apply(ClusterBundle b) {
    return cloud.apply(b, plan(b), ProgressListener.NONE);
  }

  static ClusterBundle resized(ClusterBundle b, String group, int min, int max) {
    List<InstanceGroup> igs =
        b.instanceGroups().stream()
            .map(ig -> ig.name().equals(group) ? ig.withSpec(ig.spec().withSize(min, max)) : ig)
            .toList();
    return new ClusterBundle(b.cluster(), igs);
  }

  @Test
  void appliesAPrivateClusterAndASecondRunFindsNoChanges() {
    ClusterBundle b = AwsCases.bundle("privatecalico@HEAD");
    Plan<AwsResource> first = apply(b);
    assertThat(first.creates()).hasSizeGreaterThan(60);
    assertThat(aws.ec2.natGateways()).hasSize(1);
    assertThat(aws.ec2.routeTables().values()).filteredOn(t -> !t.tags().isEmpty()).hasSize(2);

    Plan<AwsResource> second = cloud.plan(b, plan(b));
    assertThat(second.changes()).as(DryRun.render(second)).isEmpty();
    assertThat(DryRun.render(second)).isEqualTo("No changes need to be applied\n");
  }

  @Test
  void aDryRunShowsWhatWouldBeCreatedAndChangesNothing() {
    ClusterBundle b = AwsCases.bundle("minimal-aws@HEAD");
    String out = DryRun.render(cloud.plan(b, plan(b)));
    assertThat(out)
        .startsWith("Will create resources:\n")
        .contains("  VPC/minimal-aws.example.com\n")
        .contains(
            "SecurityGroupRule/from-nodes-minimal-aws-example-com-ingress-tcp-1to2379-masters-minimal-aws-example-com")
        .endsWith("Must specify --yes to apply changes\n");
    assertThat(aws.mutatingCalls()).isEmpty();
  }

  @Test
  void showsAChangedGroupSizeAsAModificationAndAppliesIt() {
    ClusterBundle b = AwsCases.bundle("minimal-aws@HEAD");
    apply(b);
    ClusterBundle bigger = resized(b, "nodes", 2, 5);
    Plan<AwsResource> p = cloud.plan(bigger, plan(bigger));
    assertThat(p.modifies())
        .extracting(Action::id)
        .extracting(Object::toString)
        .containsExactly("AutoscalingGroup/nodes.minimal-aws.example.com");
    assertThat(DryRun.render(p)).contains("Will modify resources:").contains("MaxSize\t 2 -> 5");
    cloud.apply(bigger, plan(bigger), ProgressListener.NONE);
    assertThat(aws.autoscaling.groups.get("nodes.minimal-aws.example.com").maxSize()).isEqualTo(5);
    assertThat(cloud.plan(bigger, plan(bigger)).isEmpty()).isTrue();
  }

  @Test
  void retriesResourcesNotYetVisibleWithBoundedJitteredBackoff() {
    aws.eventuallyConsistent(true);
    ClusterBundle b = AwsCases.bundle("minimal-aws@HEAD");
    apply(b);
    // Each wait is drawn from the upper half of its step: 100, 200, 400 ... 1600 ms.
    assertThat(sleeps).isNotEmpty().allMatch(ms -> ms >= 50 && ms <= 1600);
    aws.eventuallyConsistent(false);
    assertThat(cloud.plan(b, plan(b)).isEmpty()).isTrue();
  }

  /**
   * The fake stands in for the SDK after its own retries (AwsSdkRetryTest has the SDK's pipeline).
   */
  @Test
  void leavesThrottlingToTheSdkAndGivesUpClearlyWhenItReachesJkops() {
    aws.throttleNext(1000);
    ClusterBundle b = AwsCases.bundle("minimal-aws@HEAD");
    assertThatThrownBy(() -> cloud.networkPlan(b, IpamState.empty()))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("RequestLimitExceeded")
        .hasMessageContaining("through the SDK's 8 tries")
        .hasMessageContaining("wait a minute");
    assertThat(sleeps).as("jkops adds no retries of its own on top of the SDK's").isEmpty();
  }

  @Test
  void refusesARouteQuotaOverrunBeforeChangingAnything() {
    ClusterBundle b = resized(AwsCases.bundle("minimal@v1.19.0"), "nodes", 2, 48);
    assertThatThrownBy(() -> plan(b))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("quota is 50")
        .hasMessageContaining("Nothing was changed");
    assertThat(aws.mutatingCalls()).isEmpty();
  }

  @Test
  void countsRoutesAlreadyInTheLiveTableAgainstTheQuota() {
    ClusterBundle b = AwsCases.bundle("minimal@v1.19.0");
    apply(b);
    String table =
        aws.ec2.routeTables().values().stream()
            .filter(t -> !t.tags().isEmpty())
            .findFirst()
            .orElseThrow()
            .routeTableId();
    aws.ec2.routing().addForeignRoutes(table, 0);
    ClusterBundle big = resized(b, "nodes", 2, 46);
    assertThat(plan(big).routeQuota().existing()).isEqualTo(3);
    ClusterBundle tooBig = resized(b, "nodes", 2, 47);
    assertThatThrownBy(() -> plan(tooBig))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("already holds 3 other routes");
  }

  @Test
  void reportsRouteLimitExceededWithTheFix() {
    aws.routeQuota(2);
    ClusterBundle b = AwsCases.bundle("minimal-aws@HEAD");
    assertThatThrownBy(() -> apply(b))
        .hasMessageContaining("RouteLimitExceeded")
        .hasMessageContaining("routeTableQuota");
  }

  @Test
  void refusesToDeleteAVpcStillInUse() {
    ClusterBundle b = AwsCases.bundle("minimal-aws@HEAD");
    apply(b);
    AwsTarget target = cloud.target(b.name());
    AwsResource vpc =
        target.owned().stream().filter(r -> r instanceof Vpc).findFirst().orElseThrow();
    assertThatThrownBy(() -> target.delete(vpc))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("DependencyViolation")
        .hasMessageContaining("delete what depends on it first");
  }

  @Test
  void deletesEverythingTheClusterOwnsInDependencyOrder() {
    ClusterBundle b = AwsCases.bundle("privateflannel@HEAD");
    apply(b);
    Plan<AwsResource> deleted = cloud.delete(AwsCluster.of(b), ProgressListener.NONE);
    assertThat(deleted.deletes()).hasSizeGreaterThan(60);
    assertThat(aws.ec2.vpcs()).isEmpty();
    assertThat(aws.ec2.subnets()).isEmpty();
    assertThat(aws.ec2.securityGroups()).isEmpty();
    assertThat(aws.autoscaling.groups).isEmpty();
    assertThat(aws.iam.roles).isEmpty();
    assertThat(cloud.deletePlan(AwsCluster.of(b)).isEmpty()).isTrue();
  }

  /**
   * An existing VPC and its internet gateway are used as they are: as kops (issue 4265), jkops
   * neither tags nor changes them, and deleting the cluster leaves them.
   */
  @Test
  void leavesAnExistingVpcAndItsInternetGatewayInPlaceUntouched() {
    String vpcId = aws.ec2.existingVpc("172.20.0.0/16");
    var vpcBefore = aws.ec2.vpcs().get(vpcId);
    var igwsBefore = new java.util.HashMap<>(aws.ec2.internetGateways());
    ClusterBundle b =
        AwsResourcesTest.withSubnets(
            AwsCases.bundle("minimal-aws@HEAD"),
            AwsCases.bundle("minimal-aws@HEAD").cluster().spec().subnets(),
            vpcId);
    apply(b);
    assertThat(aws.ec2.vpcs().get(vpcId)).isEqualTo(vpcBefore);
    assertThat(aws.ec2.internetGateways()).isEqualTo(igwsBefore);
    assertThat(aws.calls).doesNotContain("createTags").isNotEmpty();
    assertThat(cloud.plan(b, plan(b)).isEmpty()).isTrue();
    cloud.delete(AwsCluster.of(b), ProgressListener.NONE);
    assertThat(aws.ec2.vpcs().get(vpcId)).isEqualTo(vpcBefore);
    assertThat(aws.ec2.internetGateways()).isEqualTo(igwsBefore);
    assertThat(aws.ec2.subnets()).isEmpty();
  }

  @Test
  void createsOneEtcdVolumePerMemberFindsThemAgainAndDeletesThemWithTheCluster() {
    ClusterBundle b = AwsCases.bundle("privatecalico@HEAD");
    String dry = DryRun.render(cloud.plan(b, plan(b)));
    assertThat(dry)
        .contains("  EBSVolume/us-test-1a.etcd-main.privatecalico.example.com\n")
        .contains("  EBSVolume/us-test-1a.etcd-events.privatecalico.example.com\n");
    apply(b);
    var volumes = aws.ec2.volumes.volumes.values();
    assertThat(volumes)
        .hasSize(2)
        .allSatisfy(
            v -> {
              assertThat(v.availabilityZone()).isEqualTo("us-test-1a");
              assertThat(v.size()).isEqualTo(20);
              assertThat(v.volumeTypeAsString()).isEqualTo("gp3");
              assertThat(v.iops()).isEqualTo(3000);
              assertThat(v.throughput()).isEqualTo(125);
            });
    assertThat(volumes)
        .anySatisfy(
            v ->
                assertThat(v.tags())
                    .anyMatch(
                        t ->
                            t.key().equals("k8s.io/etcd/main")
                                && t.value().equals("us-test-1a/us-test-1a")));
    assertThat(cloud.plan(b, plan(b)).isEmpty()).isTrue();

    String attached = volumes.iterator().next().volumeId();
    aws.ec2.volumes.attach(attached);
    assertThatThrownBy(() -> cloud.delete(AwsCluster.of(b), ProgressListener.NONE))
        .hasMessageContaining("VolumeInUse")
        .hasMessageContaining("after 8 tries");
    aws.ec2.volumes.volumes.put(
        attached,
        aws.ec2.volumes.volumes.get(attached).toBuilder()
            .state(software.amazon.awssdk.services.ec2.model.VolumeState.AVAILABLE)
            .build());
    cloud.delete(AwsCluster.of(b), ProgressListener.NONE);
    assertThat(aws.ec2.volumes.volumes).isEmpty();
  }

  @Test
  void pointsAPrivateZonesDefaultRouteAtAnExistingNatGatewayInPlace() {
    ClusterBundle b = AwsCases.bundle("privateflannel@HEAD");
    apply(b);
    List<dev.jkops.api.ClusterSubnet> subnets = new ArrayList<>();
    for (var s : b.cluster().spec().subnets()) {
      subnets.add(
          dev.jkops.api.ClusterSubnet.PRIVATE.equals(s.type())
              ? new dev.jkops.api.ClusterSubnet(
                  s.name(), s.zone(), s.cidr(), s.type(), "nat-0123existing", null, null)
              : s);
    }
    ClusterBundle egress = AwsResourcesTest.withSubnets(b, subnets, null);
    Plan<AwsResource> change = cloud.plan(egress, plan(egress));
    assertThat(DryRun.render(change))
        .contains("Will modify resources:")
        .contains("Route/private-us-test-1a-0.0.0.0/0");
    aws.calls.clear();
    cloud.apply(egress, plan(egress), ProgressListener.NONE);
    assertThat(aws.calls).contains("replaceRoute").doesNotContain("createRoute");
    assertThat(aws.ec2.routeTables().values())
        .flatMap(t -> t.routes())
        .anyMatch(
            r ->
                "0.0.0.0/0".equals(r.destinationCidrBlock())
                    && "nat-0123existing".equals(r.natGatewayId()));
    assertThat(cloud.plan(egress, plan(egress)).isEmpty()).isTrue();
  }
}
