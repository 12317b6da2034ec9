package dev.jkops.cloud.aws;

import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.model.NetworkPlan;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;

/**
 * Makes an applied cluster look the way it does once it is up, in the fake's Auto Scaling groups
 * and the Kubernetes mock server: each group's minimum of instances in service, one Ready node per
 * instance (bastions excepted) with a pod range from the cluster's, the networking addon applied
 * with a ready pod on every node, and CoreDNS ready. Tests then break one thing at a time.
 */
public final class HealthyCluster {
  /** The nodes there are now. */
  public final List<String> nodes = new ArrayList<>();

  private final KubernetesClient client;
  private final NetworkPlan plan;
  private final Map<String, Boolean> controlPlane = new HashMap<>();
  private final Map<String, Boolean> bastions = new HashMap<>();

  /** Nodes that ever joined: the next one's pod range is the one after theirs. */
  private int joined;

  public HealthyCluster(
      FakeAws aws, KubernetesClient client, ClusterBundle bundle, NetworkPlan plan) {
    this(aws, client, bundle, plan, false);
  }

  /**
   * The same, but every instance is launched from its group's launch template (so a roll can tell
   * old from new), and every instance launched later, such as a roll's replacement, joins as a
   * Ready node with a ready pod of every DaemonSet there is then, as kubelet and the DaemonSet
   * controllers would make it.
   */
  public static HealthyCluster launchedFromTemplates(
      FakeAws aws, KubernetesClient client, ClusterBundle bundle, NetworkPlan plan) {
    return new HealthyCluster(aws, client, bundle, plan, true);
  }

  private HealthyCluster(
      FakeAws aws,
      KubernetesClient client,
      ClusterBundle bundle,
      NetworkPlan plan,
      boolean fromTemplates) {
    this.client = client;
    this.plan = plan;
    new AddonApplier(client).apply(plan.addons());
    AwsCluster c = AwsCluster.of(bundle);
    for (var ig : bundle.instanceGroups()) {
      controlPlane.put(c.autoscalingGroupName(ig), ig.spec().isControlPlane());
      bastions.put(c.autoscalingGroupName(ig), ig.spec().isBastion());
    }
    if (fromTemplates) {
      aws.autoscaling.onInService = this::join;
      // The cloud controller manager deletes the node of an instance that is gone.
      aws.autoscaling.onTerminated =
          (group, instance) -> {
            client.nodes().withName(nodeName(instance)).delete();
            nodes.remove(nodeName(instance));
          };
    }
    for (var ig : bundle.instanceGroups()) {
      String asg = c.autoscalingGroupName(ig);
      AutoScalingGroup g = aws.autoscaling.groups.get(asg);
      if (fromTemplates) {
        aws.autoscaling.groups.put(asg, g.toBuilder().instances(List.of()).build());
        for (int i = 0; i < g.minSize(); i++) {
          aws.autoscaling.launch(asg);
        }
        continue;
      }
      List<Instance> instances = new ArrayList<>();
      for (int i = 0; i < g.minSize(); i++) {
        String id = instanceId(ig.name(), i);
        instances.add(
            Instance.builder()
                .instanceId(id)
                .lifecycleState(LifecycleState.IN_SERVICE)
                .availabilityZone("us-test-1a")
                .healthStatus("Healthy")
                .build());
        if (!ig.spec().isBastion()) {
          String node = "ip-172-20-" + (32 + nodes.size()) + "-10.ec2.internal";
          node(
              node,
              id,
              ig.spec().isControlPlane(),
              plan.podCIDR().subnet(24, nodes.size()).toString(),
              true);
          nodes.add(node);
        }
      }
      aws.autoscaling.groups.put(asg, g.toBuilder().instances(instances).build());
    }
    if (!fromTemplates) {
      for (DaemonSet ds : client.apps().daemonSets().inAnyNamespace().list().getItems()) {
        for (String node : nodes) {
          pod(ds, node, true);
        }
      }
    }
    client
        .apps()
        .deployments()
        .inNamespace("kube-system")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("coredns")
                .withNamespace("kube-system")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .endSpec()
                .withNewStatus()
                .withReadyReplicas(2)
                .withReplicas(2)
                .endStatus()
                .build())
        .create();
  }

  /**
   * An instance of {@code group} in service: its node (bastions have none) and its DaemonSet pods.
   */
  private void join(String group, String instance) {
    if (bastions.getOrDefault(group, false)) {
      return;
    }
    String node = nodeName(instance);
    node(
        node,
        instance,
        controlPlane.getOrDefault(group, false),
        plan.podCIDR().subnet(24, joined++).toString(),
        true);
    nodes.add(node);
    for (DaemonSet ds : client.apps().daemonSets().inAnyNamespace().list().getItems()) {
      pod(ds, node, true);
    }
  }

  private static String nodeName(String instance) {
    return "ip-" + instance + ".ec2.internal";
  }

  /**
   * Every node that joined has a ready pod of each DaemonSet there is now (after addons change).
   */
  public void daemonSetPodsEverywhere() {
    for (DaemonSet ds : client.apps().daemonSets().inAnyNamespace().list().getItems()) {
      for (String node : nodes) {
        pod(ds, node, true);
      }
    }
  }

  /**
   * The fake instance id of a group's i-th instance: {@code i-} and the group's first three
   * letters.
   */
  public static String instanceId(String group, int i) {
    return String.format("i-%s%04d", group.replaceAll("[^a-z]", "").substring(0, 3), i);
  }

  /** Creates or replaces a node, as kubelet registers it on an EC2 instance. */
  public void node(
      String name, String instance, boolean controlPlane, String podCidr, boolean ready) {
    Map<String, String> labels =
        new HashMap<>(
            Map.of("topology.kubernetes.io/zone", "us-test-1a", "kubernetes.io/os", "linux"));
    if (controlPlane) {
      labels.put("node-role.kubernetes.io/control-plane", "");
    }
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withProviderID("aws:///us-test-1a/" + instance)
                .withPodCIDR(podCidr)
                .withPodCIDRs(podCidr)
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .addNewCondition()
                .withType("NetworkUnavailable")
                .withStatus("False")
                .endCondition()
                .addNewAddress()
                .withType("InternalIP")
                .withAddress("172.20.32.10")
                .endAddress()
                .endStatus()
                .build())
        .createOr(e -> e.update());
  }

  /** The DaemonSet's pod on a node, as its controller would create it. */
  public static String podName(DaemonSet ds, String node) {
    return ds.getMetadata().getName() + "-" + Integer.toHexString(node.hashCode());
  }

  public void pod(DaemonSet ds, String node, boolean ready) {
    String ns = ds.getMetadata().getNamespace();
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(podName(ds, node))
                .withNamespace(ns)
                .withLabels(ds.getSpec().getSelector().getMatchLabels())
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("DaemonSet")
                .withName(ds.getMetadata().getName())
                .withUid(String.valueOf(ds.getMetadata().getUid()))
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .addNewContainerStatus()
                .withName(ds.getMetadata().getName())
                .withReady(ready)
                .endContainerStatus()
                .endStatus()
                .build())
        .createOr(e -> e.update());
  }
}
