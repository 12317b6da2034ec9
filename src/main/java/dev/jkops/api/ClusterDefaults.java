package dev.jkops.api;

/**
 * What {@code create cluster} fills in, as kops does (networking-facts section 2): the user's spec
 * as kops writes it, and the api-level part of the completed spec.
 */
public final class ClusterDefaults {
  private ClusterDefaults() {}

  /** The cluster and instance groups kops' create cluster would write for these options. */
  public static ClusterBundle create(CreateClusterOptions options) {
    throw new UnsupportedOperationException("ClusterDefaults.create: not written yet");
  }

  /**
   * The api-level completion of a stored spec: podCIDR, serviceClusterIPRange, nonMasqueradeCIDR
   * and the like, filled where the user left them out. Provider-specific completion is the model's.
   */
  public static Cluster complete(Cluster cluster) {
    throw new UnsupportedOperationException("ClusterDefaults.complete: not written yet");
  }
}
