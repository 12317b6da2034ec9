package dev.jkops.cloud.local.pods;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the pods code needs to attach a pod to one node of a running local cluster.
 *
 * @param instance the node (instance) name, e.g. {@code nodes-us-test-1a-1}
 * @param role masters, nodes or bastion
 * @param namespace the node's network namespace (run CNI plugins inside it)
 * @param address the node's own address (no prefix)
 * @param podRange its pod range, empty for bastions
 * @param cniConfDir its {@code /etc/cni/net.d}: the conf the kubelet would use is the first file in
 *     name order ({@link #cniConfFile})
 * @param cniConfFile that file, or empty when the node has no pod network (cni, external)
 * @param ipamDataDir host-local's {@code dataDir} for this node (already set in the conf jkops
 *     writes)
 * @param log the node's log of pod network operations ({@code jkops logs node})
 * @param mtu the pods' MTU on this node's data plane
 */
public record NodeNetwork(
    String instance,
    String role,
    String namespace,
    String address,
    Optional<String> podRange,
    Path cniConfDir,
    Optional<Path> cniConfFile,
    Path ipamDataDir,
    Path log,
    int mtu) {

  /** True when pods can get an interface here (a CNI config is installed). */
  public boolean hasPodNetwork() {
    return cniConfFile.isPresent();
  }
}
