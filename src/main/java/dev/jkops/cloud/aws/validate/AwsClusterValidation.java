package dev.jkops.cloud.aws.validate;

import dev.jkops.api.Cidr;
import dev.jkops.api.InstanceGroup;
import dev.jkops.cloud.aws.AwsClients;
import dev.jkops.cloud.aws.AwsCluster;
import dev.jkops.cloud.aws.AwsException;
import dev.jkops.cloud.aws.AwsRetry;
import dev.jkops.cloud.report.InstanceGroupRow;
import dev.jkops.cloud.report.NodeStatus;
import dev.jkops.cloud.report.ValidationFailure;
import dev.jkops.cloud.report.ValidationReport;
import dev.jkops.model.NetworkPlan;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;

/**
 * kops' {@code validate cluster} for a cluster on AWS, one pass: the instance groups against their
 * autoscaling groups (enough instances in service, each one joined as a node), every node Ready and
 * without NetworkUnavailable, every node's pod range inside the cluster's, the networking
 * provider's DaemonSets (as its rendered addon manifest names them) ready on every node, and the
 * cluster DNS (CoreDNS or kube-dns) ready. Reads only; changes nothing in AWS or the cluster.
 */
public final class AwsClusterValidation {
  /** The label kops' control-plane nodes carry today, and the one they carried before 1.20. */
  static final List<String> CONTROL_PLANE_LABELS =
      List.of("node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master");

  private final AwsCluster cluster;
  private final NetworkPlan plan;
  private final AwsClients aws;
  private final AwsRetry retry;
  private final KubernetesClient kube;

  public AwsClusterValidation(
      AwsCluster cluster, NetworkPlan plan, AwsClients aws, AwsRetry retry, KubernetesClient kube) {
    this.cluster = cluster;
    this.plan = plan;
    this.aws = aws;
    this.retry = retry;
    this.kube = kube;
  }

  /**
   * One validation pass; a cluster that cannot be read (API down, no credentials) is an error, not
   * a report.
   */
  public ValidationReport run() {
    List<ValidationFailure> failures = new ArrayList<>();
    List<Node> nodes = kubernetes("listing nodes", () -> kube.nodes().list().getItems());
    Map<String, Node> nodeByInstance = new HashMap<>();
    nodes.forEach(n -> instanceId(n).ifPresent(id -> nodeByInstance.put(id, n)));

    List<InstanceGroupRow> rows = new ArrayList<>();
    Map<String, AutoScalingGroup> groups = autoscalingGroups();
    for (InstanceGroup ig : cluster.instanceGroups()) {
      rows.add(InstanceGroupRow.of(ig));
      checkGroup(ig, groups.get(cluster.autoscalingGroupName(ig)), nodeByInstance, failures);
    }

    List<NodeStatus> statuses = new ArrayList<>();
    for (Node n : nodes) {
      statuses.add(checkNode(n, failures));
    }
    new NetworkingDaemonSets(plan.addons())
        .all()
        .forEach(ds -> checkDaemonSet(ds, nodes, failures));
    checkDns(failures);
    return new ValidationReport(cluster.name(), rows, statuses, failures, List.of());
  }

  private Map<String, AutoScalingGroup> autoscalingGroups() {
    List<String> names =
        cluster.instanceGroups().stream().map(cluster::autoscalingGroupName).toList();
    Map<String, AutoScalingGroup> out = new HashMap<>();
    if (names.isEmpty()) {
      return out;
    }
    retry
        .call(
            "reading the autoscaling groups of " + cluster.name(),
            () -> aws.autoscaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(names)))
        .autoScalingGroups()
        .forEach(g -> out.put(g.autoScalingGroupName(), g));
    return out;
  }

  /** kops' InstanceGroup and Machine rows: enough instances in service, and each one a node. */
  private void checkGroup(
      InstanceGroup ig,
      AutoScalingGroup asg,
      Map<String, Node> nodeByInstance,
      List<ValidationFailure> failures) {
    String asgName = cluster.autoscalingGroupName(ig);
    if (asg == null) {
      failures.add(
          new ValidationFailure(
              "InstanceGroup",
              ig.name(),
              "InstanceGroup \""
                  + ig.name()
                  + "\" has no autoscaling group "
                  + asgName
                  + "; run update cluster --yes to create it"));
      return;
    }
    int min = ig.spec().minSizeOrDefault();
    int max = ig.spec().maxSizeOrDefault();
    if (asg.minSize() != min || asg.maxSize() != max) {
      failures.add(
          new ValidationFailure(
              "InstanceGroup",
              ig.name(),
              "autoscaling group "
                  + asgName
                  + " has min "
                  + asg.minSize()
                  + " max "
                  + asg.maxSize()
                  + " but the instance group says min "
                  + min
                  + " max "
                  + max
                  + "; run update cluster --yes"));
    }
    List<Instance> inService =
        asg.instances().stream()
            .filter(i -> "InService".equals(i.lifecycleStateAsString()))
            .toList();
    if (inService.size() < asg.minSize()) {
      failures.add(
          new ValidationFailure(
              "InstanceGroup",
              ig.name(),
              "InstanceGroup \""
                  + ig.name()
                  + "\" did not have enough nodes "
                  + inService.size()
                  + " vs "
                  + asg.minSize()));
    }
    if (ig.spec().isBastion()) {
      return; // bastions never register as nodes
    }
    for (Instance i : inService) {
      if (!nodeByInstance.containsKey(i.instanceId())) {
        failures.add(
            new ValidationFailure(
                "Machine",
                i.instanceId(),
                "machine \"" + i.instanceId() + "\" has not yet joined cluster"));
      }
    }
  }

  private NodeStatus checkNode(Node n, List<ValidationFailure> failures) {
    String name = n.getMetadata().getName();
    String role = role(n);
    boolean ready = condition(n, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
    if (!ready) {
      failures.add(
          new ValidationFailure(
              "Node", name, "node \"" + name + "\" of role \"" + role + "\" is not ready"));
    }
    Optional<NodeCondition> unavailable =
        condition(n, "NetworkUnavailable").filter(c -> "True".equals(c.getStatus()));
    unavailable.ifPresent(
        c ->
            failures.add(
                new ValidationFailure(
                    "Node",
                    name,
                    "node \""
                        + name
                        + "\" has NetworkUnavailable=True"
                        + (c.getReason() == null ? "" : " (" + c.getReason() + ")")
                        + ": its pod network is not configured yet")));
    checkPodRange(n, failures);
    return new NodeStatus(
        name,
        role,
        ready && unavailable.isEmpty(),
        label(n, "topology.kubernetes.io/zone"),
        address(n));
  }

  /**
   * A node's {@code spec.podCIDR} comes from kube-controller-manager's {@code --cluster-cidr}; one
   * outside the cluster's pod range is routed nowhere. Where the controller manager allocates
   * ranges (kubenet, classic, flannel, canal...), a node without one has no pod network.
   */
  private void checkPodRange(Node n, List<ValidationFailure> failures) {
    String name = n.getMetadata().getName();
    Cidr clusterRange = plan.podCIDR();
    List<String> ranges = new ArrayList<>();
    if (n.getSpec() != null && n.getSpec().getPodCIDRs() != null) {
      ranges.addAll(n.getSpec().getPodCIDRs());
    }
    if (ranges.isEmpty() && n.getSpec() != null && n.getSpec().getPodCIDR() != null) {
      ranges.add(n.getSpec().getPodCIDR());
    }
    if (ranges.isEmpty()) {
      if (plan.controlPlane().allocateNodeCIDRs()) {
        failures.add(
            new ValidationFailure(
                "Node",
                name,
                "node \""
                    + name
                    + "\" has no spec.podCIDR; kube-controller-manager"
                    + " has not assigned it a pod range from "
                    + clusterRange));
      }
      return;
    }
    for (String r : ranges) {
      if (Cidr.isIpv6(r)) {
        continue; // the cluster's IPv4 pod range says nothing about an IPv6 one
      }
      Cidr range;
      try {
        range = Cidr.parse(r);
      } catch (RuntimeException e) {
        failures.add(
            new ValidationFailure(
                "Node",
                name,
                "node \"" + name + "\" has spec.podCIDR " + r + ", which is not a CIDR"));
        continue;
      }
      if (!clusterRange.contains(range)) {
        failures.add(
            new ValidationFailure(
                "Node",
                name,
                "node \""
                    + name
                    + "\" has pod range "
                    + range
                    + ", outside the cluster's pod range "
                    + clusterRange
                    + " (spec.podCIDR): pods there are not routed"));
      }
    }
  }

  /** Each node the DaemonSet selects runs one of its pods, and that pod is ready. */
  private void checkDaemonSet(
      NetworkingDaemonSets.Expected expected, List<Node> nodes, List<ValidationFailure> failures) {
    String ns = expected.namespace();
    String display = ns + "/" + expected.name();
    DaemonSet live =
        kubernetes(
            "reading DaemonSet " + display,
            () -> kube.apps().daemonSets().inNamespace(ns).withName(expected.name()).get());
    if (live == null) {
      failures.add(
          new ValidationFailure(
              "DaemonSet",
              display,
              "the "
                  + plan.mode()
                  + " DaemonSet "
                  + display
                  + " does not exist; run update cluster --yes to apply the networking addon"));
      return;
    }
    Map<String, String> selector =
        live.getSpec() == null || live.getSpec().getSelector() == null
            ? expected.podLabels()
            : live.getSpec().getSelector().getMatchLabels();
    List<Pod> pods =
        kubernetes(
            "listing the pods of DaemonSet " + display,
            () -> kube.pods().inNamespace(ns).withLabels(selector).list().getItems());
    for (Node n : nodes) {
      String node = n.getMetadata().getName();
      if (!expected.runsOn(labels(n))) {
        continue;
      }
      Optional<Pod> pod =
          pods.stream()
              .filter(p -> p.getSpec() != null && node.equals(p.getSpec().getNodeName()))
              .findFirst();
      if (pod.isEmpty()) {
        failures.add(
            new ValidationFailure(
                "DaemonSet",
                display,
                "no pod of DaemonSet "
                    + display
                    + " on node \""
                    + node
                    + "\": the node has no "
                    + plan.mode()
                    + " pod network"));
      } else if (!podReady(pod.get())) {
        Pod p = pod.get();
        failures.add(
            new ValidationFailure(
                "Pod",
                ns + "/" + p.getMetadata().getName(),
                "system-node-critical pod \""
                    + p.getMetadata().getName()
                    + "\" on node \""
                    + node
                    + "\" is not ready ("
                    + String.join(",", notReadyContainers(p))
                    + ")"));
      }
    }
  }

  /**
   * CoreDNS (kops' default) or kube-dns (2017's), whichever {@code spec.kubeDNS.provider} names.
   */
  private void checkDns(List<ValidationFailure> failures) {
    List<String> candidates =
        switch (dnsProvider()) {
          case "coredns" -> List.of("coredns");
          case "kubedns" -> List.of("kube-dns");
          default -> List.of("coredns", "kube-dns");
        };
    for (String name : candidates) {
      Deployment d =
          kubernetes(
              "reading Deployment kube-system/" + name,
              () -> kube.apps().deployments().inNamespace("kube-system").withName(name).get());
      if (d == null) {
        continue;
      }
      int want =
          d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      int ready =
          d.getStatus() == null || d.getStatus().getReadyReplicas() == null
              ? 0
              : d.getStatus().getReadyReplicas();
      if (ready < Math.max(1, want)) {
        failures.add(
            new ValidationFailure(
                "Deployment",
                "kube-system/" + name,
                "cluster DNS " + name + " has " + ready + " of " + want + " replicas ready"));
      }
      return;
    }
    String names = String.join(" or ", candidates.stream().map(c -> "kube-system/" + c).toList());
    failures.add(
        new ValidationFailure(
            "Deployment",
            candidates.get(0).equals("coredns") ? "kube-system/coredns" : "kube-system/kube-dns",
            "no cluster DNS: Deployment " + names + " does not exist"));
  }

  private String dnsProvider() {
    Object kubeDns = cluster.spec().extra().get("kubeDNS");
    if (kubeDns instanceof Map<?, ?> m && m.get("provider") != null) {
      return m.get("provider").toString().toLowerCase(java.util.Locale.ROOT);
    }
    return "";
  }

  private static boolean podReady(Pod p) {
    if (p.getStatus() == null || p.getStatus().getConditions() == null) {
      return false;
    }
    return p.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static List<String> notReadyContainers(Pod p) {
    if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
      return List.of(Optional.ofNullable(p.getStatus()).map(s -> s.getPhase()).orElse("Pending"));
    }
    List<String> out =
        p.getStatus().getContainerStatuses().stream()
            .filter(c -> !Boolean.TRUE.equals(c.getReady()))
            .map(c -> c.getName())
            .toList();
    if (out.isEmpty()) {
      return p.getStatus().getConditions() == null
          ? List.of("not ready")
          : p.getStatus().getConditions().stream()
              .filter(c -> "Ready".equals(c.getType()))
              .map(PodCondition::getReason)
              .filter(r -> r != null)
              .toList();
    }
    return out;
  }

  private static Optional<NodeCondition> condition(Node n, String type) {
    if (n.getStatus() == null || n.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return n.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static Map<String, String> labels(Node n) {
    return n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
  }

  private static String label(Node n, String key) {
    return labels(n).getOrDefault(key, "");
  }

  static String role(Node n) {
    Map<String, String> labels = labels(n);
    if (CONTROL_PLANE_LABELS.stream().anyMatch(labels::containsKey)) {
      return "control-plane";
    }
    String legacy = labels.get("kubernetes.io/role");
    return "master".equals(legacy) ? "control-plane" : "node";
  }

  private static String address(Node n) {
    if (n.getStatus() == null || n.getStatus().getAddresses() == null) {
      return "";
    }
    return n.getStatus().getAddresses().stream()
        .filter(a -> "InternalIP".equals(a.getType()))
        .map(NodeAddress::getAddress)
        .findFirst()
        .orElse("");
  }

  /**
   * The EC2 instance behind a node: {@code spec.providerID} is {@code aws:///<zone>/<instance-id>}.
   */
  static Optional<String> instanceId(Node n) {
    String id = n.getSpec() == null ? null : n.getSpec().getProviderID();
    if (id == null || !id.startsWith("aws://")) {
      return Optional.empty();
    }
    return Optional.of(id.substring(id.lastIndexOf('/') + 1)).filter(s -> !s.isEmpty());
  }

  private <T> T kubernetes(String what, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw new AwsException(
          what
              + " in cluster "
              + cluster.name()
              + " failed: "
              + e.getMessage()
              + "; check that the kubeconfig (KUBECONFIG or ~/.kube/config) points at this cluster's API and its"
              + " credentials are current",
          e);
    }
  }
}
