package dev.jkops.cloud.local.policy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything NetworkPolicy decisions depend on: the policies, the pods, the labels of the
 * Kubernetes namespaces, and each node's own addresses (traffic from a pod's own node is always
 * allowed in, as Kubernetes defines).
 */
public record PolicyWorld(
    List<NetworkPolicy> policies,
    List<PolicyPod> pods,
    Map<String, Map<String, String>> namespaceLabels,
    Map<String, Set<String>> nodeAddresses) {

  /** The label every namespace carries with its own name (Kubernetes 1.21 and later). */
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  public PolicyWorld {
    policies = List.copyOf(policies);
    pods = List.copyOf(pods);
    namespaceLabels = Map.copyOf(namespaceLabels);
    nodeAddresses = Map.copyOf(nodeAddresses);
  }

  /** A namespace's labels, always including {@value #NAMESPACE_NAME_LABEL}. */
  public Map<String, String> labelsOf(String namespace) {
    Map<String, String> labels = new TreeMap<>(namespaceLabels.getOrDefault(namespace, Map.of()));
    labels.put(NAMESPACE_NAME_LABEL, namespace);
    return Collections.unmodifiableMap(labels);
  }

  public Set<String> addressesOfNode(String node) {
    return Collections.unmodifiableSet(new TreeSet<>(nodeAddresses.getOrDefault(node, Set.of())));
  }

  /** The policies that isolate {@code pod} in the direction {@code type}. */
  public List<NetworkPolicy> isolating(PolicyPod pod, PolicyType type) {
    return policies.stream().filter(p -> p.isolates(pod, type)).toList();
  }

  /** Addresses of the pods a selector peer of a policy in {@code policyNamespace} picks, sorted. */
  public Set<String> addressesSelectedBy(PolicyPeer peer, String policyNamespace) {
    Set<String> out = new TreeSet<>(PolicyWorld::compareAddresses);
    for (PolicyPod pod : pods) {
      if (peer.selectsPod(policyNamespace, pod, labelsOf(pod.namespace()))) {
        out.add(pod.address());
      }
    }
    return out;
  }

  /** Numeric order, IPv4 before IPv6 (a pod of an IPv6 cluster has an IPv6 address). */
  static int compareAddresses(String a, String b) {
    return new inet.ipaddr.IPAddressString(a).compareTo(new inet.ipaddr.IPAddressString(b));
  }
}
