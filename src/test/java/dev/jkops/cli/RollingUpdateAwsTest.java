package dev.jkops.cli;

import static dev.jkops.cli.PrivateFlannelCase.NAME;
import static dev.jkops.cli.PrivateFlannelCase.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.cloud.aws.AddonApplier;
import dev.jkops.cloud.aws.HealthyCluster;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.tasks.rolling.Ticker;
import dev.jkops.testing.S3Extension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rolling-update cluster} on AWS through the CLI. First, switching an AWS cluster's
 * networking from flannel to calico through the CLI, as a user would: {@code replace -f} with the
 * new provider, {@code update cluster} (preview, then {@code --yes}), {@code rolling-update
 * cluster} (the table, then {@code --yes}), {@code validate cluster}. The cloud is the in-process
 * fake, the cluster's API the fabric8 mock server, where each instance the autoscaling groups
 * launch joins as a node with the DaemonSets' pods, as kubelet would. Then a forced roll of one
 * group: each node cordoned, drained, terminated without lowering the group's capacity, its
 * replacement waited for, and the cluster validated before the next.
 */
@EnableKubernetesMockClient(crud = true)
class RollingUpdateAwsTest {
  @RegisterExtension static final S3Extension s3 = new S3Extension();
  @RegisterExtension final FakeAwsSession session = new FakeAwsSession();
  final FakeAws aws = session.aws;
  final List<Duration> waited = new ArrayList<>();
  @TempDir Path dir;
  KubernetesClient client;
  Cli cli;
  HealthyCluster healthy;

  @AfterEach
  void realKubernetesAgain() {
    AwsSession.kubernetes = AwsSession::kubeconfigClient;
  }

  /**
   * A flannel cluster applied to the fake, with every instance launched from its template and
   * joined.
   */
  void runningFlannelCluster() throws Exception {
    AwsSession.kubernetes =
        env -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    AwsSession.ticker =
        new Ticker() {
          long now;

          @Override
          public long nanos() {
            return now;
          }

          @Override
          public void sleep(Duration d) {
            waited.add(d);
            now += d.toNanos();
          }
        };
    cli = PrivateFlannelCase.createdAndApplied(dir, s3, "aws-roll");
    String yaml = Files.readString(spec());
    healthy =
        HealthyCluster.launchedFromTemplates(
            aws, client, PrivateFlannelCase.bundle(yaml), PrivateFlannelCase.plan(yaml));
    Cli.Result green = cli.run("validate", "cluster", NAME);
    assertThat(green.code()).as(green.toString()).isZero();
  }

  @Test
  void flannelToCalicoPreviewsAppliesRollsEveryInstanceAndValidates() throws Exception {
    runningFlannelCluster();
    List<String> before = instances();
    String calicoYaml =
        Files.readString(spec())
            .replace("    flannel:\n      backend: vxlan\n", "    calico: {}\n");
    Path calico = Files.writeString(dir.resolve("calico.yaml"), calicoYaml);
    Cli.Result replaced = cli.run("replace", "-f", calico.toString());
    assertThat(replaced.code()).as(replaced.toString()).isZero();

    int callsBefore = aws.mutatingCalls().size();
    Cli.Result preview = cli.run("update", "cluster", NAME);
    assertThat(preview.code()).as(preview.toString()).isZero();
    assertThat(aws.mutatingCalls()).as("a preview changes nothing").hasSize(callsBefore);
    assertThat(preview.out())
        .contains(
            "Networking: switch to calico; addon out: networking.flannel; addon in: "
                + "networking.projectcalico.org;")
        // calico (not flannel) checks source/dest on AWS, so the nodes get kops' inline policy
        // for it, listed first, then calico's IP-in-IP rule
        .containsPattern(
            "Will create resources:\\n  IAMRolePolicy/nodes\\.privateflannel\\.example\\.com\\n"
                + "(?:(?!Will )[\\s\\S])*?\\n  SecurityGroupRule/from-nodes-\\S*-ingress-4-0to0-masters-")
        .contains("\"ec2:ModifyNetworkInterfaceAttribute\"")
        .containsPattern(
            "LaunchTemplate/nodes\\.privateflannel\\.example\\.com\\n(  \\t.*\\n)*?  \\tUserDataHash");

    Cli.Result applied = cli.run("update", "cluster", NAME, "--yes");
    assertThat(applied.code()).as(applied.toString()).isZero();
    assertThat(applied.out()).contains("Networking: switch to calico;");
    assertThat(cli.run("update", "cluster", NAME).out())
        .as("once applied, no switch is left to preview")
        .doesNotContain("Networking: switch");
    // What kops' channels would do on the control plane: apply the new addon; its pods start
    // everywhere.
    new AddonApplier(client).apply(PrivateFlannelCase.plan(calicoYaml).addons());
    healthy.daemonSetPodsEverywhere();

    Cli.Result table = cli.run("rolling-update", "cluster", NAME);
    assertThat(table.code()).as(table.toString()).isZero();
    assertThat(table.out())
        .containsPattern("NAME\\s+STATUS\\s+NEEDUPDATE\\s+READY\\s+MIN\\s+TARGET\\s+MAX\\s+NODES")
        .containsPattern("bastion\\s+NeedsUpdate\\s+1\\s")
        .containsPattern("master-us-test-1a\\s+NeedsUpdate\\s+1\\s")
        .containsPattern("nodes\\s+NeedsUpdate\\s+2\\s")
        .contains("Must specify --yes to rolling-update.");
    assertThat(aws.autoscaling.terminated).isEmpty();

    Cli.Result roll =
        cli.run(
            "rolling-update",
            "cluster",
            NAME,
            "--yes",
            "--master-interval",
            "0s",
            "--node-interval",
            "0s");
    assertThat(roll.code()).as(roll.toString()).isZero();
    assertThat(roll.out())
        .contains("Rolling update completed for cluster \"" + NAME + "\" (4 instances replaced).");
    assertThat(aws.autoscaling.terminated).containsExactlyInAnyOrderElementsOf(before);
    assertThat(instances()).hasSize(4).doesNotContainAnyElementsOf(before);

    Cli.Result again = cli.run("rolling-update", "cluster", NAME);
    assertThat(again.out()).contains("No rolling-update required.");
    Cli.Result green = cli.run("validate", "cluster", NAME);
    assertThat(green.code()).as(green.toString()).isZero();
  }

  @Test
  void forcedNodesAreTerminatedOneByOneWithoutLoweringCapacityAndValidatedInBetween()
      throws Exception {
    runningFlannelCluster();
    String nodesGroup =
        aws.autoscaling.groups.keySet().stream()
            .filter(n -> n.startsWith("nodes"))
            .findFirst()
            .orElseThrow();
    List<String> before =
        aws.autoscaling.groups.get(nodesGroup).instances().stream()
            .map(i -> i.instanceId())
            .toList();
    assertThat(before).hasSize(2);

    Cli.Result table = cli.run("rolling-update", "cluster", NAME);
    assertThat(table.code()).as(table.toString()).isZero();
    assertThat(table.out()).contains("NEEDUPDATE").contains("No rolling-update required.");

    Cli.Result roll =
        cli.run(
            "rolling-update",
            "cluster",
            NAME,
            "--yes",
            "--force",
            "--instance-group",
            "nodes",
            "--node-interval",
            "0s",
            "--validate-count",
            "1",
            "--validation-timeout",
            "1s");
    assertThat(roll.code()).as(roll.toString()).isZero();
    assertThat(roll.out())
        .containsSubsequence(
            "Cordoning node \"" + before.get(0) + "\"",
            "Drained node \"" + before.get(0) + "\"",
            "Replaced instance \"" + before.get(0) + "\"",
            "Cluster validated (1 of 1 in a row)",
            "Cordoning node \"" + before.get(1) + "\"",
            "Replaced instance \"" + before.get(1) + "\"",
            "Cluster validated (1 of 1 in a row)")
        .contains("(2 instances replaced)");
    assertThat(aws.autoscaling.terminated).containsExactlyElementsOf(before);
    var after = aws.autoscaling.groups.get(nodesGroup);
    assertThat(after.desiredCapacity()).as("terminated without lowering the capacity").isEqualTo(2);
    assertThat(after.instances()).hasSize(2).noneMatch(i -> before.contains(i.instanceId()));
    assertThat(waited)
        .as("each replacement waited for its launch (one 10 s poll), then the 0 s --node-interval")
        .containsExactly(
            Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(10), Duration.ZERO);
    assertThat(client.nodes().list().getItems())
        .as("every node runs on a current instance")
        .noneMatch(n -> before.contains(n.getSpec().getProviderID().replaceAll(".*/", "")))
        .noneMatch(n -> Boolean.TRUE.equals(n.getSpec().getUnschedulable()));
  }

  /** Every instance in every autoscaling group of the cluster, by id. */
  List<String> instances() {
    return aws.autoscaling.groups.values().stream()
        .flatMap(g -> g.instances().stream())
        .map(i -> i.instanceId())
        .toList();
  }
}
