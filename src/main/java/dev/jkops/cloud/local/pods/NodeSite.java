package dev.jkops.cloud.local.pods;

import dev.jkops.api.Cidr;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What pods need from one node of a running local cluster.
 *
 * @param node node (instance) name
 * @param role {@code control-plane} or {@code node}
 * @param zone its zone
 * @param netns the node's network namespace
 * @param address its address in the VPC
 * @param podRange its pod range; every pod address on it must fall inside
 * @param attachment how pods get eth0
 * @param mtu the pods' MTU
 * @param ipamDir host-local's data directory, this node's own
 * @param log the node's log of pod network operations
 * @param ownAddresses every address the node sends from (its VPC address, its bridge gateway, ...):
 *     NetworkPolicy always lets these in to the node's own pods
 * @param podRoutes the routes a pod gets instead of a default route, so nothing leaves the
 *     project's namespaces (the cluster's non-masquerade and network CIDRs)
 */
public record NodeSite(
    String node,
    String role,
    String zone,
    String netns,
    String address,
    PodRange podRange,
    PodAttachment attachment,
    int mtu,
    Path ipamDir,
    Path log,
    Set<String> ownAddresses,
    List<Cidr> podRoutes) {

  public NodeSite {
    ownAddresses = Set.copyOf(ownAddresses);
    podRoutes = List.copyOf(podRoutes);
  }

  public boolean isControlPlane() {
    return "control-plane".equals(role);
  }
}
