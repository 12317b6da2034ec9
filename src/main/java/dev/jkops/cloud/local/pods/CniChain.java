package dev.jkops.cloud.local.pods;

import dev.jkops.cloud.local.kernel.CniPlugin;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.kernel.Netns;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a node's CNI network for one pod as a container runtime does: ADD through the plugins in
 * order, each given the previous one's result; DEL in reverse order, given the ADD result. The
 * plugins run inside the node's namespace with {@code CNI_NETNS=/run/netns/<pod>}.
 */
final class CniChain {
  private final Kernel kernel;

  CniChain(Kernel kernel) {
    this.kernel = kernel;
  }

  /** Returns the final ADD result; on a failure, what was added is deleted again. */
  String add(NodeSite node, String podNetns, String containerId, List<String> plugins) {
    String result = null;
    List<String> done = new ArrayList<>();
    try {
      for (String plugin : plugins) {
        String out =
            kernel
                .cni()
                .invoke(
                    node.netns(),
                    request("ADD", podNetns, containerId),
                    CniConfigs.withPrevResult(plugin, result));
        done.add(plugin);
        result = out.isBlank() ? result : out;
      }
      return result;
    } catch (KernelException e) {
      del(node, podNetns, containerId, done, result);
      throw new PodException(
          "the CNI network on node "
              + node.node()
              + " could not attach pod namespace "
              + podNetns
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Deletes through every plugin, reverse order; returns the errors (a DEL keeps going past one).
   */
  List<String> del(
      NodeSite node, String podNetns, String containerId, List<String> plugins, String prevResult) {
    List<String> errors = new ArrayList<>();
    for (int i = plugins.size() - 1; i >= 0; i--) {
      try {
        kernel
            .cni()
            .invoke(
                node.netns(),
                request("DEL", podNetns, containerId),
                CniConfigs.withPrevResult(plugins.get(i), prevResult));
      } catch (KernelException e) {
        errors.add(e.getMessage());
      }
    }
    return errors;
  }

  private static CniPlugin.Request request(String command, String podNetns, String containerId) {
    return new CniPlugin.Request(
        command, containerId, Netns.RUN_DIR.resolve(podNetns).toString(), "eth0");
  }
}
