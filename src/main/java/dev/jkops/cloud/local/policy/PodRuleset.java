package dev.jkops.cloud.local.policy;

/**
 * The nftables table that enforces NetworkPolicy inside one pod's network namespace.
 *
 * @param pod the pod
 * @param ingressIsolated some policy selects it for ingress
 * @param egressIsolated some policy selects it for egress
 * @param table the table's text, as {@code nft list table} would show it
 */
public record PodRuleset(
    PolicyPod pod, boolean ingressIsolated, boolean egressIsolated, String table) {

  /** The table's family and name in every pod namespace. */
  public static final String TABLE = "inet jkops_policy";

  /**
   * An {@code nft -f} script that replaces the table in one transaction: create it if missing,
   * delete it, and write it afresh, so no packet ever sees a half-written rule set.
   */
  public String replaceScript() {
    return "table " + TABLE + "\ndelete table " + TABLE + "\n" + table;
  }

  public boolean isolated() {
    return ingressIsolated || egressIsolated;
  }
}
