package dev.jkops.model;

import dev.jkops.api.CloudConfig;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.InstanceGroup;
import java.util.List;
import java.util.Optional;

/**
 * The route table rules of kubenet and classic: one route per node, within the table's quota, in a
 * table that belongs to this cluster alone. Checked before anything changes.
 */
final class RouteTablePolicy {
  private RouteTablePolicy() {}

  /** Pod routes needed when every master and node group is at its maxSize. */
  static int routesAtMaxSize(ClusterBundle bundle) {
    int sum = 0;
    for (InstanceGroup ig : bundle.instanceGroups()) {
      if (!ig.spec().isBastion()) {
        sum += ig.spec().maxSizeOrDefault();
      }
    }
    return sum;
  }

  static int quota(ClusterBundle bundle) {
    CloudConfig cc = bundle.cluster().spec().cloudConfig();
    int quota = cc == null ? CloudConfig.DEFAULT_ROUTE_TABLE_QUOTA : cc.routeTableQuotaOrDefault();
    if (quota < 1 || quota > CloudConfig.MAX_ROUTE_TABLE_QUOTA) {
      throw new ModelException(
          "spec.cloudConfig.routeTableQuota "
              + quota
              + " is outside 1.."
              + CloudConfig.MAX_ROUTE_TABLE_QUOTA
              + " (AWS allows at most "
              + CloudConfig.MAX_ROUTE_TABLE_QUOTA
              + " routes per table); set it within that range");
    }
    return quota;
  }

  static Optional<String> quotaWarning(int quota) {
    if (quota > CloudConfig.DEFAULT_ROUTE_TABLE_QUOTA) {
      return Optional.of(
          "spec.cloudConfig.routeTableQuota is "
              + quota
              + ", above AWS' default of "
              + CloudConfig.DEFAULT_ROUTE_TABLE_QUOTA
              + ": the account's quota must be raised to match, and AWS"
              + " warns that route tables this large may cost network performance");
    }
    return Optional.empty();
  }

  /** Refuses a table tagged for another cluster. */
  static void checkOwner(String clusterName, CloudFacts facts) {
    Optional<String> owner = facts.routeTableOwner();
    if (owner.isPresent() && !owner.get().isEmpty() && !owner.get().equals(clusterName)) {
      throw new ModelException(
          "the route table for cluster "
              + clusterName
              + " is tagged"
              + " KubernetesCluster="
              + owner.get()
              + ": it belongs to another cluster, and two clusters"
              + " sharing one route table overwrite each other's pod routes; give this cluster its own"
              + " VPC or route table");
    }
  }

  /** Refuses a plan whose routes at max size do not fit the quota. */
  static RouteQuota check(
      String clusterName, String mode, int quota, int existing, int planned, int atMax) {
    RouteQuota use = new RouteQuota(quota, existing, planned, atMax);
    if (!use.fits()) {
      throw new ModelException(
          "networking "
              + mode
              + " needs one route per node: cluster "
              + clusterName
              + " may grow to "
              + atMax
              + " nodes (the sum of its instance groups' maxSize), and its route"
              + " table already holds "
              + existing
              + " other routes, so it needs "
              + (existing + atMax)
              + " routes but the quota is "
              + quota
              + ". Raise spec.cloudConfig.routeTableQuota (to at least "
              + (existing + atMax)
              + ", at most "
              + CloudConfig.MAX_ROUTE_TABLE_QUOTA
              + ", after raising the"
              + " AWS quota), lower the groups' maxSize, or use a CNI provider such as calico or flannel"
              + " that needs no routes. Nothing was changed.");
    }
    return use;
  }

  static List<PodRoute> none() {
    return List.of();
  }
}
