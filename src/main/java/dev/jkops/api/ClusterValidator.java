package dev.jkops.api;

import java.util.ArrayList;
import java.util.List;

/** Every rule of networking-facts section 3 and the additions, with field paths. */
public final class ClusterValidator {
  private ClusterValidator() {}

  /** Route tables above this many routes work, but AWS warns that they may cost performance. */
  public static final int LARGE_ROUTE_TABLE = CloudConfig.DEFAULT_ROUTE_TABLE_QUOTA;

  /**
   * All errors in the bundle; empty when it is valid. Rules are checked against the api-level
   * completion of the spec (so a derived podCIDR is checked as well as one the user typed), with
   * paths as the user would write them.
   */
  public static List<FieldError> validate(ClusterBundle bundle) {
    List<FieldError> out = new ArrayList<>();
    Cluster cluster = bundle.cluster();
    out.addAll(ClusterNameRules.problems("metadata.name", cluster.name()));
    if (cluster.spec() == null) {
      out.add(
          FieldError.required(
              "spec",
              "a Cluster needs a spec; start from `jkops create cluster --dry-run -o yaml`"));
      InstanceGroupRules.check(bundle, null, out);
      return out;
    }
    ClusterSpec completed = ClusterDefaults.complete(cluster).spec();
    NetworkingRules.check(completed, out);
    Ipv6Rules.networking(completed, out);
    NetworkRangeRules.Ranges ranges = NetworkRangeRules.check(completed, out);
    SubnetRules.check(completed, ranges, out);
    InstanceGroupRules.check(bundle, completed, out);
    return out;
  }

  /**
   * What may not change between a stored cluster and its replacement: kops does not support
   * switching an existing cluster between IPv4 and IPv6 (its nodes, pods, services and VPC routes
   * would all change address family at once).
   */
  public static void checkUpdate(Cluster stored, Cluster updated) {
    if (stored == null || stored.spec() == null || updated == null || updated.spec() == null) {
      return;
    }
    boolean was = stored.spec().isIpv6Only();
    boolean is = updated.spec().isIpv6Only();
    if (was != is) {
      throw new ValidationException(
          "cluster " + updated.name(),
          List.of(
              FieldError.forbidden(
                  "spec.nonMasqueradeCIDR",
                  "switching an existing cluster from "
                      + (was ? "IPv6 to IPv4" : "IPv4 to IPv6")
                      + " is not supported by kops; put back nonMasqueradeCIDR: "
                      + (stored.spec().nonMasqueradeCIDR() == null
                          ? ClusterDefaults.DEFAULT_NON_MASQUERADE_CIDR
                          : stored.spec().nonMasqueradeCIDR())
                      + ", or create a new "
                      + (is ? "IPv6" : "IPv4")
                      + " cluster and move the workloads")));
    }
  }

  /** Throws {@link ValidationException} listing every error, or returns quietly. */
  public static void check(ClusterBundle bundle) {
    List<FieldError> errors = validate(bundle);
    if (!errors.isEmpty()) {
      throw new ValidationException("cluster " + bundle.name(), errors);
    }
  }

  /**
   * Refuses a cluster name that is not a DNS name before it is used for anything (a state-store
   * path, a DNS record, a namespace name).
   */
  public static void checkName(String name) {
    List<FieldError> errors = ClusterNameRules.problems("metadata.name", name);
    if (!errors.isEmpty()) {
      throw new ValidationException(
          "cluster name " + (name == null ? "(none)" : "\"" + name + "\""), errors);
    }
  }

  /** Things that work but that a user should know about. */
  public static List<String> warnings(ClusterBundle bundle) {
    List<String> out = new ArrayList<>();
    ClusterSpec s = bundle.cluster().spec();
    if (s != null
        && s.cloudConfig() != null
        && s.cloudConfig().routeTableQuota() != null
        && s.cloudConfig().routeTableQuota() > LARGE_ROUTE_TABLE) {
      out.add(
          "spec.cloudConfig.routeTableQuota is "
              + s.cloudConfig().routeTableQuota()
              + ": AWS allows route tables"
              + " above "
              + LARGE_ROUTE_TABLE
              + " routes on request, but large route tables may cost performance");
    }
    return out;
  }
}
