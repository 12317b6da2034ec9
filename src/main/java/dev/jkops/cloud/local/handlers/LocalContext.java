package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.Link;
import dev.jkops.cloud.local.kernel.NetnsIp;
import dev.jkops.cloud.local.runtime.ClusterNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every handler needs: the kernel and the cluster's names. */
public record LocalContext(Kernel kernel, ClusterNames names) {

  /** Labels jkops writes into the ifalias of links it made in the VPC namespace. */
  public static final String ALIAS_PREFIX = "jk ";

  public boolean vpcExists() {
    return kernel.netns().exists(names.vpcNamespace());
  }

  public NetnsIp vpc() {
    return kernel.ip(names.vpcNamespace());
  }

  /**
   * Links in the VPC namespace whose alias starts with {@code jk <key>=}, with the alias parsed.
   */
  public Map<Link, Map<String, String>> labelledVpcLinks(String key) {
    Map<Link, Map<String, String>> out = new LinkedHashMap<>();
    if (!vpcExists()) {
      return out;
    }
    for (Link l : vpc().links()) {
      if (l.alias().startsWith(ALIAS_PREFIX + key + "=")) {
        out.put(l, parseAlias(l.alias()));
      }
    }
    return out;
  }

  /** {@code jk a=1 b=2} as a map. */
  public static Map<String, String> parseAlias(String alias) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String part : alias.substring(ALIAS_PREFIX.length()).trim().split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        m.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return m;
  }

  public static String alias(Map<String, String> fields) {
    StringBuilder sb = new StringBuilder(ALIAS_PREFIX.trim());
    fields.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    return sb.toString();
  }

  /** Instance namespaces that exist: every jk-<id>- namespace but the VPC's and pods'. */
  public List<String> instanceNamespaces() {
    String podPrefix = names.prefix() + "p-";
    return kernel.netns().list(names.prefix()).stream()
        .filter(n -> !n.equals(names.vpcNamespace()) && !n.startsWith(podPrefix))
        .toList();
  }

  /** The instance a namespace belongs to (namespaces are named after their instance). */
  public String instanceOf(String namespace) {
    String plain = namespace.substring(names.prefix().length());
    if (names.instanceNamespace(plain).equals(namespace)
        && plain.length() < ClusterNames.MAX_INSTANCE_IN_NAMESPACE) {
      return plain;
    }
    // a name too long (or not plain enough) for a namespace is shortened there with a hash: the
    // instance's VPC port carries its whole name
    for (Map<String, String> label : labelledVpcLinks("instance").values()) {
      String instance = label.get("instance");
      if (instance != null && names.instanceNamespace(instance).equals(namespace)) {
        return instance;
      }
    }
    return plain;
  }
}
