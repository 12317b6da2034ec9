package dev.jkops.cloud.report;

/**
 * One row of kops' NODE STATUS table, with the fields kops writes for {@code -o yaml}.
 *
 * @param name the node's name
 * @param role {@code control-plane} or {@code node}
 * @param ready whether the node is up with its pod network configured
 * @param zone its zone
 * @param hostname its address, as kops reports the hostname
 */
public record NodeStatus(String name, String role, boolean ready, String zone, String hostname) {}
