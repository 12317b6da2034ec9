package dev.jkops.cloud.local.pods;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pod on the local cloud: a network namespace whose eth0 the node's network gave it.
 *
 * @param name pod name
 * @param namespace Kubernetes namespace
 * @param labels labels (NetworkPolicy selects on them)
 * @param node the node it runs on
 * @param netns its Linux network namespace ({@code jk-<id>-p-...})
 * @param containerId the id CNI plugins saw (they key host-local's allocation on it)
 * @param address its IPv4 address without prefix, e.g. {@code 100.96.1.4}
 * @param attachment how eth0 was made: {@code cni:<network>} or {@code cbr0}
 * @param cniResult the CNI ADD result, passed back as prevResult on DEL (empty for cbr0)
 * @param created when it was created (ISO-8601)
 */
public record Pod(
    String name,
    String namespace,
    Map<String, String> labels,
    String node,
    String netns,
    String containerId,
    String address,
    String attachment,
    String cniResult,
    String created) {

  public Pod {
    labels =
        labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  @JsonIgnore
  public String qualifiedName() {
    return namespace + "/" + name;
  }
}
