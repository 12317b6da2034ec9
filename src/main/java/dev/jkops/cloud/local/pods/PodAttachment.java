package dev.jkops.cloud.local.pods;

/** How a node gives a pod its interface. */
public sealed interface PodAttachment {

  /** The node's CNI config (a {@code .conf} or {@code .conflist}), run with the real plugins. */
  record Cni(String config) implements PodAttachment {}

  /** classic: the node itself attaches pods to its bridge {@code cbr0}, without CNI. */
  record Cbr0(String bridge) implements PodAttachment {}

  /** cni and external before a provider is installed: pods cannot start, for {@code reason}. */
  record NoPodNetwork(String reason) implements PodAttachment {}
}
