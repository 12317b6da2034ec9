package dev.jkops.cloud.local.pods;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;

/**
 * A running local cluster as the pods code sees it.
 *
 * @param clusterName the cluster
 * @param runtimeDir its runtime directory (pod records, policies)
 * @param nodes its Kubernetes nodes (masters and nodes, no bastions)
 * @param enforcesNetworkPolicy whether its provider enforces NetworkPolicy
 * @param podNetns names a pod's network namespace from (namespace, pod name)
 */
public record PodCluster(
    String clusterName,
    Path runtimeDir,
    List<NodeSite> nodes,
    boolean enforcesNetworkPolicy,
    BinaryOperator<String> podNetns) {

  public PodCluster {
    nodes = List.copyOf(nodes);
  }

  public Optional<NodeSite> node(String name) {
    return nodes.stream().filter(n -> n.node().equals(name)).findFirst();
  }

  public NodeSite requireNode(String name) {
    return node(name)
        .orElseThrow(
            () ->
                new PodException(
                    "cluster "
                        + clusterName
                        + " has no node \""
                        + name
                        + "\"; its nodes are "
                        + String.join(", ", nodes.stream().map(NodeSite::node).toList())));
  }
}
