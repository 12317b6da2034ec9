package dev.jkops.cloud.local.policy;

import java.util.Map;
import java.util.TreeMap;

/**
 * A pod as NetworkPolicy sees it: where it lives, its labels and its address.
 *
 * @param name pod name
 * @param namespace Kubernetes namespace (not the Linux one)
 * @param labels its labels
 * @param address its IPv4 address, e.g. {@code 100.96.1.4}
 * @param node the node it runs on
 */
public record PolicyPod(
    String name, String namespace, Map<String, String> labels, String address, String node) {

  public PolicyPod {
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  /** {@code namespace/name}, as kubectl names pods. */
  public String qualifiedName() {
    return namespace + "/" + name;
  }
}
