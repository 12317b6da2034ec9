package dev.jkops.cloud.local;

/**
 * What the pods code calls when it attaches a pod to a node or detaches it: the data plane's hook
 * and the node's log in one place. The data planes jkops builds route whole pod ranges (VPC
 * routes, VXLAN peers, host routes), so no per-pod kernel work is needed today; a data plane that
 * needs it (per-pod /32 routes, as calico programs on real nodes) adds it here.
 */
public final class PodNetworkEvents {
  private final ClusterNames names;

  public PodNetworkEvents(ClusterNames names) {
    this.names = names;
  }

  /** A pod got {@code address} (with prefix) on {@code node}, in network namespace {@code netns}. */
  public void podAdded(String node, String namespace, String pod, String netns, String address) {
    NodeLog.of(names, node).append("ADD", "pod=" + namespace + "/" + pod + " netns=" + netns + " ip=" + address);
  }

  /** The pod's interface on {@code node} was removed and its address released. */
  public void podDeleted(String node, String namespace, String pod, String netns, String address) {
    NodeLog.of(names, node).append("DEL", "pod=" + namespace + "/" + pod + " netns=" + netns + " ip=" + address);
  }
}
