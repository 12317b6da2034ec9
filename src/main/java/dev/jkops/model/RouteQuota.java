package dev.jkops.model;

/**
 * How the cluster uses its route table's quota.
 *
 * @param quota routes the table may hold (spec.cloudConfig.routeTableQuota, default 50)
 * @param existing routes already in the table that are not pod routes
 * @param planned pod routes for the instances that exist now
 * @param atMaxSize pod routes when every group is at its maxSize: what the quota must hold
 */
public record RouteQuota(int quota, int existing, int planned, int atMaxSize) {

  /** Routes in use after this plan: existing plus planned. */
  public int used() {
    return existing + planned;
  }

  /** True when the table can hold every route the cluster may need at its largest. */
  public boolean fits() {
    return existing + atMaxSize <= quota;
  }
}
