package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.DryRun;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

/**
 * The direct (SDK) apply writes what the Terraform output writes for instances: kops' imported SSH
 * key pair named by every launch template, the root volume, monitoring and metadata options.
 * Checked against jkops' in-process fake EC2 (not AWS), which keeps what the requests set.
 */
class AwsLaunchSettingsApplyTest {
  static final String CASE = "privatecalico@HEAD";
  static final String CLUSTER = "privatecalico.example.com";

  /** kops' key name for the harness' admin key, as in its golden kubernetes.tf. */
  static final String KOPS_KEY_NAME =
      "kubernetes." + CLUSTER + "-c4:a6:ed:9a:a8:89:b9:e2:c3:9c:d6:63:eb:9c:71:57";

  final FakeAws aws = new FakeAws();
  final AwsClusterResources cloud =
      new AwsClusterResources(aws.clients(), new AwsRetry(8, 1, 8, ms -> {}));
  final ClusterBundle bundle = AwsCases.bundle(CASE);

  Plan<AwsResource> apply(Optional<SshPublicKey> key) {
    return cloud.apply(
        bundle, cloud.networkPlan(bundle, IpamState.empty()), key, ProgressListener.NONE);
  }

  Plan<AwsResource> plan(Optional<SshPublicKey> key) {
    return cloud.plan(bundle, cloud.networkPlan(bundle, IpamState.empty()), key);
  }

  ResponseLaunchTemplateData template(String name) {
    return aws.ec2.launchTemplateData(name);
  }

  @Test
  void importsKopsKeyPairAndEveryLaunchTemplateNamesIt() {
    Optional<SshPublicKey> key = Optional.of(AwsCases.sshKey(CASE));
    apply(key);

    assertThat(aws.ec2.keyPairs().values())
        .extracting(KeyPairInfo::keyName)
        .containsExactly(KOPS_KEY_NAME);
    assertThat(aws.ec2.keyPairs().values().iterator().next().publicKey())
        .isEqualTo(AwsCases.sshKey(CASE).text());
    for (String lt :
        new String[] {
          "master-us-test-1a.masters." + CLUSTER, "nodes." + CLUSTER, "bastion." + CLUSTER
        }) {
      assertThat(template(lt).keyName()).as(lt).isEqualTo(KOPS_KEY_NAME);
    }

    Plan<AwsResource> again = plan(key);
    assertThat(again.changes()).as(DryRun.render(again)).isEmpty();

    cloud.delete(AwsCluster.of(bundle), ProgressListener.NONE);
    assertThat(aws.ec2.keyPairs()).isEmpty();
  }

  @Test
  void aNewAdminKeyIsANewKeyPairAndTheOldOneGoes() {
    apply(Optional.of(AwsCases.sshKey(CASE)));
    SshPublicKey other =
        new SshPublicKey(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFm5Bz0GgKjS3OnUf0hC8xHfbbY6gS6dWm3j6Hc7xWsu me@x");
    Plan<AwsResource> p = plan(Optional.of(other));
    assertThat(DryRun.render(p))
        .contains("SSHKey/" + other.keyPairName(CLUSTER))
        .contains("SSHKey\t" + KOPS_KEY_NAME);
    apply(Optional.of(other));
    assertThat(aws.ec2.keyPairs().values())
        .extracting(KeyPairInfo::keyName)
        .containsExactly(other.keyPairName(CLUSTER));
    assertThat(template("nodes." + CLUSTER).keyName()).isEqualTo(other.keyPairName(CLUSTER));
  }

  @Test
  void withoutAnAdminKeyNothingIsImportedAndTemplatesHaveNoKey() {
    apply(Optional.empty());
    assertThat(aws.ec2.keyPairs()).isEmpty();
    assertThat(template("nodes." + CLUSTER).keyName()).isNull();
  }

  @Test
  void launchTemplatesCarryKopsRootVolumeMonitoringAndTheGroupsMetadataOptions() {
    apply(Optional.empty());
    ResponseLaunchTemplateData master = template("master-us-test-1a.masters." + CLUSTER);
    var root = master.blockDeviceMappings().get(0);
    assertThat(root.deviceName()).isEqualTo("/dev/xvda");
    assertThat(root.ebs().volumeSize()).isEqualTo(64);
    assertThat(root.ebs().volumeTypeAsString()).isEqualTo("gp3");
    assertThat(root.ebs().iops()).isEqualTo(3000);
    assertThat(root.ebs().throughput()).isEqualTo(125);
    assertThat(root.ebs().encrypted()).isTrue();
    assertThat(master.monitoring().enabled()).isFalse();
    assertThat(master.metadataOptions().httpPutResponseHopLimit()).isEqualTo(1);
    assertThat(master.metadataOptions().httpTokensAsString()).isEqualTo("required");

    ResponseLaunchTemplateData nodes = template("nodes." + CLUSTER);
    assertThat(nodes.blockDeviceMappings().get(0).ebs().volumeSize()).isEqualTo(128);
    // The case asks hop limit 3 for nodes (issue 19 found 1 written).
    assertThat(nodes.metadataOptions().httpPutResponseHopLimit()).isEqualTo(3);
    assertThat(template("bastion." + CLUSTER).blockDeviceMappings().get(0).ebs().volumeSize())
        .isEqualTo(32);
  }

  @Test
  void groupsCarryTheInstanceGroupsMaxInstanceLifetime() {
    apply(Optional.empty());
    assertThat(aws.autoscaling.groups.get("nodes." + CLUSTER).maxInstanceLifetime()).isZero();
    ClusterBundle limited =
        new ClusterBundle(
            bundle.cluster(),
            bundle.instanceGroups().stream()
                .map(
                    ig -> {
                      if (!ig.name().equals("nodes")) {
                        return ig;
                      }
                      var extra = new java.util.HashMap<>(ig.spec().extra());
                      extra.put("maxInstanceLifetime", "48h");
                      var sp = ig.spec();
                      return ig.withSpec(
                          new dev.jkops.api.InstanceGroupSpec(
                              sp.role(),
                              sp.subnets(),
                              sp.machineType(),
                              sp.minSize(),
                              sp.maxSize(),
                              sp.rollingUpdate(),
                              sp.nodeLabels(),
                              sp.additionalSecurityGroups(),
                              extra));
                    })
                .toList());
    cloud.apply(
        limited,
        cloud.networkPlan(limited, IpamState.empty()),
        Optional.empty(),
        ProgressListener.NONE);
    assertThat(aws.autoscaling.groups.get("nodes." + CLUSTER).maxInstanceLifetime())
        .isEqualTo(172_800);
    Plan<AwsResource> again =
        cloud.plan(limited, cloud.networkPlan(limited, IpamState.empty()), Optional.empty());
    assertThat(again.changes()).as(DryRun.render(again)).isEmpty();
  }
}
