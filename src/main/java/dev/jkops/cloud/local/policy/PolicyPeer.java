package dev.jkops.cloud.local.policy;

import java.util.Optional;

/**
 * One {@code from} / {@code to} entry. Either an {@code ipBlock}, or pod and namespace selectors: a
 * pod selector alone means pods in the policy's namespace; a namespace selector alone means every
 * pod in the matching namespaces; both mean matching pods in matching namespaces.
 */
public record PolicyPeer(
    Optional<LabelSelector> podSelector,
    Optional<LabelSelector> namespaceSelector,
    Optional<IpBlock> ipBlock) {

  public static PolicyPeer pods(LabelSelector selector) {
    return new PolicyPeer(Optional.of(selector), Optional.empty(), Optional.empty());
  }

  public static PolicyPeer namespaces(LabelSelector selector) {
    return new PolicyPeer(Optional.empty(), Optional.of(selector), Optional.empty());
  }

  public static PolicyPeer ipBlock(IpBlock block) {
    return new PolicyPeer(Optional.empty(), Optional.empty(), Optional.of(block));
  }

  /**
   * True when a pod in {@code podNamespace} with these labels is this peer for a policy in {@code
   * policyNamespace}.
   */
  public boolean selectsPod(
      String policyNamespace, PolicyPod pod, java.util.Map<String, String> podNamespaceLabels) {
    if (ipBlock.isPresent()) {
      return false;
    }
    boolean namespaceOk =
        namespaceSelector
            .map(s -> s.matches(podNamespaceLabels))
            .orElse(policyNamespace.equals(pod.namespace()));
    boolean podOk = podSelector.map(s -> s.matches(pod.labels())).orElse(true);
    return namespaceOk && podOk;
  }
}
