package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSpecBuilder;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.ProgressListener;
import dev.jkops.tasks.rolling.CloudGroup;
import dev.jkops.tasks.rolling.InstanceReplacer;
import dev.jkops.tasks.rolling.RollingOptions;
import dev.jkops.tasks.rolling.RollingUpdater;
import dev.jkops.tasks.rolling.Ticker;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;

/**
 * rolling-update on AWS against the fake's EC2 and Auto Scaling and the Kubernetes mock server:
 * after a networking switch changes the launch templates' user data, every instance launched from
 * the old version needs update; the roll terminates bastion, control plane, then nodes, each
 * replaced by its group from the new template, draining user pods (DaemonSet pods stay) first.
 */
@EnableKubernetesMockClient(crud = true)
class AwsRollingUpdateTest {
  KubernetesClient client;
  final FakeAws aws = new FakeAws();
  final AwsRetry retry = new AwsRetry(3, 1, 1, ms -> {});
  final AwsClusterResources cloud = new AwsClusterResources(aws.clients(), retry);
  final FakeTicker ticker = new FakeTicker();
  ClusterBundle flannel;
  ClusterBundle calico;
  final Map<String, String> nodeOf = new HashMap<>();

  static final class FakeTicker implements Ticker {
    long now;
    final List<Duration> slept = new ArrayList<>();

    @Override
    public long nanos() {
      return now;
    }

    @Override
    public void sleep(Duration d) {
      slept.add(d);
      now += d.toNanos();
    }
  }

  @BeforeEach
  void aRunningFlannelClusterSwitchedToCalico() {
    flannel = AwsCases.bundle("privateflannel@HEAD");
    cloud.apply(flannel, cloud.networkPlan(flannel, IpamState.empty()), ProgressListener.NONE);
    AwsCluster c = AwsCluster.of(flannel);
    for (var ig : flannel.instanceGroups()) {
      for (int i = 0; i < ig.spec().minSizeOrDefault(); i++) {
        String id = aws.autoscaling.launch(c.autoscalingGroupName(ig));
        if (!ig.spec().isBastion()) {
          join(id);
        }
      }
    }
    ClusterSpecBuilder b = flannel.cluster().spec().toBuilder();
    b.networking = YamlCodec.fromTree(readTree("calico: {}"), NetworkingSpec.class);
    calico = new ClusterBundle(flannel.cluster().withSpec(b.build()), flannel.instanceGroups());
    cloud.apply(calico, cloud.networkPlan(calico, IpamState.empty()), ProgressListener.NONE);
  }

  static com.fasterxml.jackson.databind.JsonNode readTree(String yaml) {
    try {
      return YamlCodec.readTrees(yaml).get(0);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What kubelet does on a new instance: registers its node, with a user pod and a DaemonSet pod on
   * it.
   */
  void join(String instance) {
    String node = "ip-" + instance + ".ec2.internal";
    nodeOf.put(instance, node);
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(node)
                .endMetadata()
                .withNewSpec()
                .withProviderID("aws:///us-test-1a/" + instance)
                .endSpec()
                .build())
        .create();
    client
        .pods()
        .inNamespace("default")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("app-" + instance)
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .endSpec()
                .build())
        .create();
    client
        .pods()
        .inNamespace("kube-system")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("calico-node-" + instance)
                .withNamespace("kube-system")
                .addNewOwnerReference()
                .withKind("DaemonSet")
                .withName("calico-node")
                .withApiVersion("apps/v1")
                .withUid("u1")
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .endSpec()
                .build())
        .create();
  }

  /**
   * Validation as the roll sees it: new instances join first; passes when every instance in service
   * has a node.
   */
  InstanceReplacer.Validation validate() {
    List<String> problems = new ArrayList<>();
    for (var ig : calico.instanceGroups()) {
      AutoScalingGroup g =
          aws.autoscaling.groups.get(AwsCluster.of(calico).autoscalingGroupName(ig));
      for (Instance i : g.instances()) {
        if (i.lifecycleState() != LifecycleState.IN_SERVICE) {
          problems.add(i.instanceId() + " not in service");
        } else if (!ig.spec().isBastion() && !nodeOf.containsKey(i.instanceId())) {
          join(i.instanceId());
        }
      }
    }
    return new InstanceReplacer.Validation(problems);
  }

  AwsInstanceReplacer replacer() {
    return new AwsInstanceReplacer(
        calico,
        aws.clients(),
        retry,
        new KubernetesDrainer(client),
        this::validate,
        ticker,
        Duration.ofMinutes(10));
  }

  RollingOptions options() {
    return new RollingOptions(
        false,
        false,
        Set.of(),
        Duration.ofSeconds(15),
        Duration.ofSeconds(15),
        true,
        2,
        Duration.ofMinutes(5),
        Duration.ofSeconds(5));
  }

  @Test
  void everyInstanceLaunchedFromTheOldTemplateNeedsUpdate() {
    List<CloudGroup> groups = new RollingUpdater(replacer(), options(), e -> {}, ticker).groups();

    assertThat(groups)
        .extracting(CloudGroup::name)
        .containsExactly("bastion", "master-us-test-1a", "nodes");
    assertThat(groups).extracting(CloudGroup::status).containsOnly("NeedsUpdate");
    assertThat(groups).extracting(CloudGroup::needUpdate).containsExactly(1L, 1L, 2L);
    assertThat(aws.autoscaling.terminated).isEmpty();
  }

  @Test
  void theRollTerminatesBastionThenControlPlaneThenNodesAndTheGroupsLaunchCurrentOnes() {
    List<String> before = new ArrayList<>();
    for (String g : List.of("bastion", "master-us-test-1a", "nodes")) {
      aws.autoscaling.groups.values().stream()
          .filter(x -> x.autoScalingGroupName().startsWith(g + "."))
          .forEach(x -> x.instances().forEach(i -> before.add(i.instanceId())));
    }
    int replaced = new RollingUpdater(replacer(), options(), e -> {}, ticker).run();

    assertThat(replaced).isEqualTo(4);
    assertThat(aws.autoscaling.terminated).containsExactlyElementsOf(before);
    assertThat(new RollingUpdater(replacer(), options(), e -> {}, ticker).groups())
        .allSatisfy(g -> assertThat(g.needUpdate()).isZero())
        .allSatisfy(
            g ->
                assertThat(g.instances())
                    .hasSize(g.target())
                    .noneMatch(i -> before.contains(i.id())));
    // each replacement was waited for while Pending, then the node interval
    assertThat(ticker.slept).contains(AwsInstanceReplacer.POLL, Duration.ofSeconds(15));
    for (String old : before) {
      if (nodeOf.containsKey(old)) {
        String node = nodeOf.get(old);
        assertThat(client.nodes().withName(node).get().getSpec().getUnschedulable())
            .as(node)
            .isTrue();
        assertThat(client.pods().inNamespace("default").withName("app-" + old).get())
            .as("drained " + node)
            .isNull();
        assertThat(client.pods().inNamespace("kube-system").withName("calico-node-" + old).get())
            .isNotNull();
      }
    }
  }

  @Test
  void aRollResumesWithTheInstancesStillOnTheOldTemplate() {
    RollingOptions mastersOnly =
        new RollingOptions(
            false,
            false,
            Set.of("master-us-test-1a"),
            Duration.ZERO,
            Duration.ZERO,
            true,
            1,
            Duration.ofMinutes(5),
            Duration.ofSeconds(5));
    new RollingUpdater(replacer(), mastersOnly, e -> {}, ticker).run();
    assertThat(aws.autoscaling.terminated).hasSize(1);

    new RollingUpdater(replacer(), options(), e -> {}, ticker).run();

    assertThat(aws.autoscaling.terminated).hasSize(4);
    assertThat(new RollingUpdater(replacer(), options(), e -> {}, ticker).anythingToDo()).isFalse();
  }
}
