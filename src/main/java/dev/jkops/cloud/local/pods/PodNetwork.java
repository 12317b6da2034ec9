package dev.jkops.cloud.local.pods;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.KernelRoute;
import dev.jkops.cloud.local.kernel.NetnsIp;
import java.util.List;

/**
 * Gives a pod namespace its eth0 from its node, and takes it away: through the node's CNI config
 * with the real plugins, or, for classic, by attaching a veth to the node's {@code cbr0} with an
 * address host-local hands out from the node's range (as the kubelet's {@code --configure-cbr0} did
 * with docker's bridge).
 */
final class PodNetwork {
  /** What attaching produced. {@code address} carries its prefix, e.g. {@code 100.96.1.2/24}. */
  record Attached(String address, String attachment, String cniResult) {}

  private final Kernel kernel;
  private final CniChain chain;

  PodNetwork(Kernel kernel) {
    this.kernel = kernel;
    this.chain = new CniChain(kernel);
  }

  Attached attach(NodeSite node, String podNetns, String containerId) {
    PodAttachment a = node.attachment();
    if (a instanceof PodAttachment.Cni cni) {
      String result = chain.add(node, podNetns, containerId, plugins(node, cni));
      return new Attached(
          CniConfigs.firstAddress(result), "cni:" + CniConfigs.networkName(cni.config()), result);
    }
    if (a instanceof PodAttachment.Cbr0 cbr0) {
      return attachCbr0(node, cbr0.bridge(), podNetns, containerId);
    }
    throw new PodException(
        "node "
            + node.node()
            + " has no pod network: "
            + ((PodAttachment.NoPodNetwork) a).reason());
  }

  /** Returns the errors met; the namespace is deleted by the caller whatever happens here. */
  List<String> detach(NodeSite node, Pod pod) {
    return detach(node, pod.netns(), pod.containerId(), pod.cniResult());
  }

  /**
   * Releases what attaching a pod namespace under {@code containerId} may have taken, with CNI DEL
   * (which the CNI spec makes safe to repeat and to run for an ADD that never finished), for a pod
   * whose create was interrupted: {@code cniResult} is then unknown (null).
   */
  List<String> detach(NodeSite node, String podNetns, String containerId, String cniResult) {
    PodAttachment a = node.attachment();
    if (a instanceof PodAttachment.Cni cni) {
      return chain.del(node, podNetns, containerId, plugins(node, cni), cniResult);
    }
    if (a instanceof PodAttachment.Cbr0) {
      kernel.ip(node.netns()).deleteLink(hostVeth(containerId));
      return chain.del(node, podNetns, containerId, List.of(ipamOnly(node)), null);
    }
    return List.of();
  }

  private static List<String> plugins(NodeSite node, PodAttachment.Cni cni) {
    return CniConfigs.plugins(cni.config(), node.ipamDir(), node.podRoutes());
  }

  private Attached attachCbr0(NodeSite node, String bridge, String podNetns, String containerId) {
    String result = chain.add(node, podNetns, containerId, List.of(ipamOnly(node)));
    String address = CniConfigs.firstAddress(result);
    String host = hostVeth(containerId);
    try {
      NetnsIp nodeIp = kernel.ip(node.netns());
      nodeIp.addVeth(host, podNetns, "eth0", node.mtu());
      nodeIp.setMaster(host, bridge);
      nodeIp.setUp(host);
      NetnsIp podIp = kernel.ip(podNetns);
      podIp.addAddress("eth0", address);
      podIp.setUp("eth0");
      String gateway = node.podRange().gateway();
      for (Cidr c : node.podRoutes()) {
        podIp.replaceRoute(KernelRoute.via(c.toString(), gateway).withDev("eth0"));
      }
    } catch (RuntimeException e) {
      kernel.ip(node.netns()).deleteLink(host);
      chain.del(node, podNetns, containerId, List.of(ipamOnly(node)), null);
      throw new PodException(
          "could not attach "
              + podNetns
              + " to "
              + bridge
              + " on "
              + node.node()
              + ": "
              + e.getMessage(),
          e);
    }
    return new Attached(address, bridge, "");
  }

  /** host-local alone, as an address allocator for classic's cbr0. */
  private static String ipamOnly(NodeSite node) {
    return """
        {"cniVersion": "0.4.0", "name": "classic-cbr0", "type": "host-local",
         "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s", "gateway": "%s"}]], "dataDir": "%s"}}
        """
        .formatted(node.podRange(), node.podRange().gateway(), node.ipamDir());
  }

  /** The node-side veth of a classic pod: {@code veth} plus 8 hex digits of the container id. */
  static String hostVeth(String containerId) {
    return "veth" + containerId.substring(0, Math.min(8, containerId.length()));
  }
}
