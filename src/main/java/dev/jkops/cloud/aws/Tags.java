package dev.jkops.cloud.aws;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The tags kops puts on everything a cluster owns ({@code KubernetesCluster}, {@code Name}, {@code
 * kubernetes.io/cluster/<cluster>=owned}); a resource the cluster only uses is tagged {@code
 * shared} instead and keeps its own name. jkops finds its live resources by these tags.
 */
public final class Tags {
  public static final String KUBERNETES_CLUSTER = "KubernetesCluster";
  public static final String NAME = "Name";
  public static final String CLUSTER_PREFIX = "kubernetes.io/cluster/";
  public static final String OWNED = "owned";
  public static final String SHARED = "shared";
  public static final String ROLE_ELB = "kubernetes.io/role/elb";
  public static final String ROLE_INTERNAL_ELB = "kubernetes.io/role/internal-elb";
  public static final String KOPS_ROLE = "kubernetes.io/kops/role";
  public static final String SUBNET_TYPE = "SubnetType";

  private Tags() {}

  /** The tags of a resource the cluster owns. */
  public static SortedMap<String, String> owned(String cluster, String name) {
    TreeMap<String, String> t = new TreeMap<>();
    t.put(KUBERNETES_CLUSTER, cluster);
    t.put(NAME, name);
    t.put(CLUSTER_PREFIX + cluster, OWNED);
    return t;
  }

  /** The one tag jkops adds to a resource it uses but does not own. */
  public static SortedMap<String, String> shared(String cluster) {
    return new TreeMap<>(Map.of(CLUSTER_PREFIX + cluster, SHARED));
  }

  /** {@code base} plus {@code extra}, sorted and unmodifiable. */
  public static SortedMap<String, String> with(
      Map<String, String> base, Map<String, String> extra) {
    TreeMap<String, String> t = new TreeMap<>(base);
    t.putAll(extra);
    return Collections.unmodifiableSortedMap(t);
  }

  public static SortedMap<String, String> copy(Map<String, String> tags) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(tags));
  }

  /** Tags as one display string for dry runs: {@code {k1: v1, k2: v2}}. */
  public static String display(Map<String, String> tags) {
    StringBuilder sb = new StringBuilder("{");
    new TreeMap<>(tags)
        .forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(": ").append(v));
    return sb.append('}').toString();
  }

  /** True when {@code tags} mark a resource owned by {@code cluster}. */
  public static boolean ownedBy(Map<String, String> tags, String cluster) {
    return OWNED.equals(tags.get(CLUSTER_PREFIX + cluster));
  }
}
