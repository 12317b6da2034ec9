package dev.jkops.cloud.report;

/**
 * One end of a probe: a pod or a node.
 *
 * @param name pod or node name (a server answers with it)
 * @param netns the Linux network namespace to run in (a jk- name)
 * @param address the address it sends from and answers on (IPv6 in an IPv6 cluster)
 * @param node the node it is on (itself for a node)
 * @param zone that node's zone
 */
public record ProbeEndpoint(String name, String netns, String address, String node, String zone) {

  /** e.g. {@code vs-nodes-1 (100.96.1.2)}. */
  public String describe() {
    return name + " (" + address + ")";
  }
}
