package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.PeerData;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.aws.HealthyCluster;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.rolling.Ticker;
import dev.jkops.testing.S3Extension;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;

/**
 * {@code rolling-update cluster --yes} on AWS through the CLI, against the fake's Auto Scaling and
 * the Kubernetes mock server: each node instance is cordoned, drained, terminated without lowering
 * the group's capacity, the group launches a new one (which joins the cluster as its kubelet would),
 * and the cluster is validated before the next instance goes.
 */
@EnableKubernetesMockClient(crud = true)
class RollingUpdateAwsTest {
  static final String NAME = "privateflannel.example.com";
  static final Path SPEC = PeerData.kops().resolve("update_cluster/privateflannel@HEAD/in-v1alpha2.yaml");
  @RegisterExtension static final S3Extension s3 = new S3Extension();
  @RegisterExtension final FakeAwsSession session = new FakeAwsSession();
  final FakeAws aws = session.aws;
  @TempDir Path dir;
  KubernetesClient client;
  HealthyCluster healthy;
  final List<Duration> waits = new ArrayList<>();
  int joined;

  @AfterEach
  void realAwsAgain() {
    AwsSession.kubernetes = AwsSession::kubeconfigClient;
    AwsRoll.ticker = Ticker.SYSTEM;
  }

  /**
   * While the roll waits for a group, every instance the group launched joins the cluster: a Ready
   * node naming it as provider, and the DaemonSets' pods on it.
   */
  final Ticker launchesJoin = new Ticker() {
    long now;

    @Override public long nanos() { return now; }

    @Override public void sleep(Duration d) {
      waits.add(d);
      now += d.toNanos();
      Set<String> running = aws.autoscaling.groups.values().stream().flatMap(g -> g.instances().stream())
          .map(Instance::instanceId).collect(Collectors.toSet());
      // the cloud's node controller removes the node of an instance that is gone
      for (Node n : client.nodes().list().getItems()) {
        if (!running.contains(n.getSpec().getProviderID().replaceAll(".*/", ""))) {
          client.nodes().resource(n).delete();
        }
      }
      Set<String> known = client.nodes().list().getItems().stream().map(n -> n.getSpec().getProviderID())
          .collect(Collectors.toSet());
      for (AutoScalingGroup g : aws.autoscaling.groups.values()) {
        for (Instance i : g.instances()) {
          if (i.lifecycleState() == LifecycleState.IN_SERVICE || i.lifecycleState() == LifecycleState.PENDING) {
            if (known.stream().noneMatch(p -> p.endsWith("/" + i.instanceId())) && !g.autoScalingGroupName()
                .startsWith("bastion")) {
              String node = "ip-172-20-" + (100 + joined) + "-10.ec2.internal";
              healthy.node(node, i.instanceId(), g.autoScalingGroupName().startsWith("master"),
                  "100.96." + (100 + joined) + ".0/24", true);
              for (DaemonSet ds : client.apps().daemonSets().inAnyNamespace().list().getItems()) {
                healthy.pod(ds, node, true);
              }
              joined++;
            }
          }
        }
      }
    }
  };

  @Test
  void theNodesAreTerminatedOneByOneTheGroupLaunchesNewOnesAndTheClusterIsValidatedInBetween() throws Exception {
    String bucket = s3.newBucket("aws-roll");
    AwsSession.kubernetes = env -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    AwsRoll.ticker = launchesJoin;
    Cli cli = new Cli(Files.createDirectories(dir.resolve("home")), "s3://" + bucket + "/clusters").env(s3.env());
    assertThat(cli.run("create", "-f", SPEC.toString()).code()).isZero();
    Cli.Result applied = cli.run("update", "cluster", NAME, "--yes");
    assertThat(applied.code()).as(applied.toString()).isZero();
    YamlCodec.Documents docs = YamlCodec.read(Files.readString(SPEC), SPEC.toString());
    ClusterBundle bundle = new ClusterBundle(docs.clusters().get(0), docs.instanceGroups());
    NetworkPlan plan = NetworkPlanner.plan(new ClusterBundle(ClusterCompletion.complete(bundle),
        bundle.instanceGroups()), IpamState.empty());
    healthy = new HealthyCluster(aws, client, bundle, plan);
    String nodesGroup = aws.autoscaling.groups.keySet().stream().filter(n -> n.startsWith("nodes")).findFirst()
        .orElseThrow();
    List<String> before = aws.autoscaling.groups.get(nodesGroup).instances().stream().map(Instance::instanceId).toList();
    assertThat(before).hasSize(2);

    Cli.Result table = cli.run("rolling-update", "cluster", NAME);
    assertThat(table.code()).as(table.toString()).isZero();
    assertThat(table.out()).contains("NEEDUPDATE").contains("No rolling-update required.");

    Cli.Result roll = cli.run("rolling-update", "cluster", NAME, "--yes", "--force", "--instance-group", "nodes",
        "--node-interval", "0s", "--validate-count", "1", "--validation-timeout", "1s");
    assertThat(roll.code()).as(roll.toString()).isZero();
    assertThat(roll.out()).containsSubsequence(
        "Cordoning node \"" + before.get(0) + "\"", "Drained node \"" + before.get(0) + "\"",
        "Replaced instance \"" + before.get(0) + "\"", "Cluster validated (1 of 1 in a row)",
        "Cordoning node \"" + before.get(1) + "\"", "Replaced instance \"" + before.get(1) + "\"",
        "Cluster validated (1 of 1 in a row)").contains("(2 instances replaced)");
    assertThat(aws.autoscaling.terminated).containsExactlyElementsOf(before);
    AutoScalingGroup after = aws.autoscaling.groups.get(nodesGroup);
    assertThat(after.desiredCapacity()).as("terminated without lowering the capacity").isEqualTo(2);
    assertThat(after.instances()).hasSize(2).allMatch(i -> i.lifecycleState() == LifecycleState.IN_SERVICE)
        .noneMatch(i -> before.contains(i.instanceId()));
    assertThat(waits).as("the roll waited for each launch").hasSize(2);
    assertThat(client.nodes().list().getItems()).as("every node runs on a current instance")
        .noneMatch(n -> before.contains(n.getSpec().getProviderID().replaceAll(".*/", "")))
        .noneMatch(n -> Boolean.TRUE.equals(n.getSpec().getUnschedulable()));
  }
}
