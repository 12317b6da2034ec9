package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.cloud.aws.validate.AwsClusterValidation;
import dev.jkops.cloud.report.ValidationFailure;
import dev.jkops.cloud.report.ValidationReport;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.ProgressListener;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;

/**
 * {@code validate cluster} on AWS: the autoscaling groups from the fake's Auto Scaling API, the
 * nodes, DaemonSets, pods and DNS from the fabric8 Kubernetes mock server in CRUD mode. A healthy
 * cluster passes; each way a cluster's network can be broken fails with kops' row for it.
 */
@EnableKubernetesMockClient(crud = true)
class AwsClusterValidationTest {
  KubernetesClient client;
  final FakeAws aws = new FakeAws();
  final AwsRetry retry = new AwsRetry(3, 1, 1, ms -> {});
  final AwsClusterResources cloud = new AwsClusterResources(aws.clients(), retry);

  /** An applied cluster, made healthy by {@link HealthyCluster}. */
  final class Healthy {
    final ClusterBundle bundle;
    final dev.jkops.model.NetworkPlan plan;
    final HealthyCluster live;
    final List<String> nodes;

    Healthy(String caseName) {
      bundle = AwsCases.bundle(caseName);
      plan = cloud.networkPlan(bundle, IpamState.empty());
      cloud.apply(bundle, plan, ProgressListener.NONE);
      live = new HealthyCluster(aws, client, bundle, plan);
      nodes = live.nodes;
    }

    ValidationReport validate() {
      return new AwsClusterValidation(AwsCluster.of(bundle), plan, aws.clients(), retry, client)
          .run();
    }
  }

  static List<String> rows(ValidationReport r) {
    return r.failures().stream().map(f -> f.kind() + " " + f.name() + ": " + f.message()).toList();
  }

  @Test
  void aHealthyClusterIsReady() {
    Healthy h = new Healthy("privateflannel@HEAD");
    ValidationReport r = h.validate();
    assertThat(rows(r)).isEmpty();
    assertThat(r.ready()).isTrue();
    assertThat(r.verdict()).isEqualTo("Your cluster privateflannel.example.com is ready");
    assertThat(r.instanceGroups())
        .extracting(g -> g.name())
        .containsExactlyInAnyOrder("master-us-test-1a", "nodes", "bastion");
    assertThat(r.nodes()).hasSize(3).allMatch(n -> n.ready());
    assertThat(r.nodes())
        .extracting(n -> n.role())
        .containsExactlyInAnyOrder("control-plane", "node", "node");
  }

  @Test
  void aNotReadyNodeFails() {
    Healthy h = new Healthy("privateflannel@HEAD");
    String node = h.nodes.get(1);
    h.live.node(
        node,
        HealthyCluster.instanceId("nodes", 0),
        false,
        h.plan.podCIDR().subnet(24, 1).toString(),
        false);
    ValidationReport r = h.validate();
    assertThat(r.ready()).isFalse();
    assertThat(r.verdict()).isEqualTo("Validation Failed");
    assertThat(r.failures())
        .contains(
            new ValidationFailure(
                "Node", node, "node \"" + node + "\" of role \"node\" is not ready"));
  }

  @Test
  void aNodeWithoutItsPodNetworkFails() {
    Healthy h = new Healthy("privateflannel@HEAD");
    String node = h.nodes.get(2);
    client
        .nodes()
        .withName(node)
        .edit(
            n -> {
              n.getStatus().getConditions().stream()
                  .filter(c -> c.getType().equals("NetworkUnavailable"))
                  .forEach(
                      c -> {
                        c.setStatus("True");
                        c.setReason("NoRouteCreated");
                      });
              return n;
            });
    assertThat(rows(h.validate()))
        .containsExactly(
            "Node "
                + node
                + ": node \""
                + node
                + "\" has NetworkUnavailable=True (NoRouteCreated): its pod network is not configured yet");
  }

  @Test
  void aPodRangeOutsideTheClusterRangeFails() {
    Healthy h = new Healthy("privateflannel@HEAD");
    String node = h.nodes.get(1);
    client
        .nodes()
        .withName(node)
        .edit(
            n -> {
              n.getSpec().setPodCIDR("10.250.7.0/24");
              n.getSpec().setPodCIDRs(List.of("10.250.7.0/24"));
              return n;
            });
    assertThat(rows(h.validate()))
        .containsExactly(
            "Node "
                + node
                + ": node \""
                + node
                + "\" has pod range 10.250.7.0/24,"
                + " outside the cluster's pod range "
                + h.plan.podCIDR()
                + " (spec.podCIDR): pods there are not routed");
  }

  @Test
  void theProvidersDaemonSetNotReadyOnOneNodeFails() {
    Healthy h = new Healthy("privateflannel@HEAD");
    List<DaemonSet> sets =
        client
            .apps()
            .daemonSets()
            .inAnyNamespace()
            .withLabels(AddonManifest.NETWORKING_SELECTOR)
            .list()
            .getItems();
    assertThat(sets).as("the flannel addon was applied").isNotEmpty();
    DaemonSet ds = sets.get(0);
    String ns = ds.getMetadata().getNamespace();
    h.live.pod(ds, h.nodes.get(2), false);
    String pod = HealthyCluster.podName(ds, h.nodes.get(2));
    assertThat(rows(h.validate()))
        .containsExactly(
            "Pod "
                + ns
                + "/"
                + pod
                + ": system-node-critical pod \""
                + pod
                + "\" on node \""
                + h.nodes.get(2)
                + "\" is not ready ("
                + ds.getMetadata().getName()
                + ")");

    client.pods().inNamespace(ns).withName(pod).delete();
    assertThat(rows(h.validate()))
        .containsExactly(
            "DaemonSet "
                + ns
                + "/"
                + ds.getMetadata().getName()
                + ": no pod of DaemonSet "
                + ns
                + "/"
                + ds.getMetadata().getName()
                + " on node \""
                + h.nodes.get(2)
                + "\": the node has no "
                + h.plan.mode()
                + " pod network");
  }

  @Test
  void theDaemonSetNamesComeFromTheChosenProvidersManifest() {
    Healthy h = new Healthy("privatecalico@HEAD");
    assertThat(rows(h.validate())).isEmpty();
    client
        .apps()
        .daemonSets()
        .inAnyNamespace()
        .withLabels(AddonManifest.NETWORKING_SELECTOR)
        .delete();
    List<String> missing = rows(h.validate());
    assertThat(missing)
        .isNotEmpty()
        .allMatch(r -> r.startsWith("DaemonSet ") && r.contains("does not exist"));
    assertThat(missing).anyMatch(r -> r.contains("/calico-node:"));
  }

  @Test
  void anAutoscalingGroupShortOfInstancesFails() {
    Healthy h = new Healthy("privateflannel@HEAD");
    String asg = "nodes.privateflannel.example.com";
    AutoScalingGroup g = aws.autoscaling.groups.get(asg);
    aws.autoscaling.groups.put(asg, g.toBuilder().instances(g.instances().subList(0, 1)).build());
    assertThat(rows(h.validate()))
        .containsExactly(
            "InstanceGroup nodes: InstanceGroup \"nodes\" did not have enough nodes 1 vs 2");
  }

  @Test
  void anInstanceThatNeverJoinedFails() {
    Healthy h = new Healthy("privateflannel@HEAD");
    String asg = "nodes.privateflannel.example.com";
    AutoScalingGroup g = aws.autoscaling.groups.get(asg);
    List<Instance> more = new ArrayList<>(g.instances());
    more.add(
        Instance.builder()
            .instanceId("i-late0001")
            .lifecycleState(LifecycleState.IN_SERVICE)
            .build());
    aws.autoscaling.groups.put(asg, g.toBuilder().instances(more).build());
    assertThat(rows(h.validate()))
        .containsExactly("Machine i-late0001: machine \"i-late0001\" has not yet joined cluster");
  }

  @Test
  void missingCoreDnsFails() {
    Healthy h = new Healthy("privateflannel@HEAD");
    client.apps().deployments().inNamespace("kube-system").withName("coredns").delete();
    assertThat(rows(h.validate()))
        .containsExactly(
            "Deployment kube-system/coredns: no cluster DNS: Deployment"
                + " kube-system/coredns or kube-system/kube-dns does not exist");
  }
}
