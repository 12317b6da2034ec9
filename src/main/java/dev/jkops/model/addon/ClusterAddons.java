package dev.jkops.model.addon;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterDefaults;
import dev.jkops.api.Ipv6Cidr;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.ModelException;
import dev.jkops.model.NetworkPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The addons kops' bootstrap channel lists beside the networking provider that jkops renders from
 * its own templates, in kops' channel order: CoreDNS ({@code coredns.addons.k8s.io}), the API
 * server's access to the kubelet API ({@code kubelet-api.rbac.addons.k8s.io}) and the default
 * namespace's CPU request ({@code limit-range.addons.k8s.io}). Each carries kops' selector {@code
 * k8s-addon: <name>}, so kops' channels tool finds its objects as it finds kops' own.
 */
public final class ClusterAddons {
  public static final String COREDNS = "coredns.addons.k8s.io";
  public static final String KUBELET_API_RBAC = "kubelet-api.rbac.addons.k8s.io";
  public static final String LIMIT_RANGE = "limit-range.addons.k8s.io";

  /** Every addon named here, none of them a networking provider. */
  public static final Set<String> NAMES = Set.of(COREDNS, KUBELET_API_RBAC, LIMIT_RANGE);

  /** kops' CoreDNS settings (spec.kubeDNS) the template renders; any other is refused. */
  private static final Set<String> KUBE_DNS_FIELDS =
      Set.of(
          "provider",
          "domain",
          "serverIP",
          "cpuRequest",
          "memoryRequest",
          "memoryLimit",
          // kops' defaults of fields the template does not use; the completed spec carries them
          "cacheMaxConcurrent",
          "cacheMaxSize");

  /** The VPC's resolver over IPv6 (Route 53 Resolver's fd00:ec2::253), kops' IPv6 upstream. */
  static final String AWS_IPV6_RESOLVER = "fd00:ec2::253";

  private ClusterAddons() {}

  /** The addons, before the networking provider's, as kops lists them. */
  public static List<AddonManifest> forAws(Cluster completed, NetworkPlan plan) {
    return List.of(
        addon(COREDNS, "k8s-1.12", "coredns.yaml", coreDnsValues(completed, plan)),
        addon(KUBELET_API_RBAC, "k8s-1.9", "kubelet-api-rbac.yaml", Map.of()),
        // kops lists it without an id, under its release's file name
        addon(LIMIT_RANGE, null, "limit-range.yaml", Map.of())
            .withPath(LIMIT_RANGE + "/v1.5.0.yaml"));
  }

  private static AddonManifest addon(
      String name, String id, String template, Map<String, String> values) {
    return new AddonManifest(
        name, id, withoutLeadingComment(AddonTemplates.render(template, values)), selector(name));
  }

  private static Map<String, String> selector(String name) {
    return Map.of("k8s-addon", name);
  }

  /** The template's opening comment says why for a reader of jkops; the cluster gets the YAML. */
  private static String withoutLeadingComment(String text) {
    String out = text;
    while (out.startsWith("#")) {
      out = out.substring(out.indexOf('\n') + 1);
    }
    return out;
  }

  private static Map<String, String> coreDnsValues(Cluster completed, NetworkPlan plan) {
    Map<String, Object> kubeDns = kubeDns(completed);
    TreeSet<String> unknown = new TreeSet<>(kubeDns.keySet());
    unknown.removeAll(KUBE_DNS_FIELDS);
    // node-local DNS is a cache jkops does not render; turned off, it asks for nothing
    if (kubeDns.get("nodeLocalDNS") instanceof Map<?, ?> local
        && !Boolean.TRUE.equals(local.get("enabled"))) {
      unknown.remove("nodeLocalDNS");
    }
    if (!unknown.isEmpty()) {
      throw new ModelException(
          "spec.kubeDNS."
              + unknown.first()
              + " is not rendered by jkops' CoreDNS addon (it renders domain, serverIP, cpuRequest,"
              + " memoryRequest and memoryLimit); remove "
              + unknown
              + " from spec.kubeDNS of cluster "
              + completed.name());
    }
    Object provider = kubeDns.get("provider");
    if (provider != null && !"CoreDNS".equals(provider)) {
      throw new ModelException(
          "spec.kubeDNS.provider \""
              + provider
              + "\": jkops renders CoreDNS only (kube-dns is no longer kops' either); set it to"
              + " CoreDNS or remove it");
    }
    boolean ipv6 = completed.spec().isIpv6Only();
    Map<String, String> v = new LinkedHashMap<>();
    v.put("domain", text(kubeDns, "domain", clusterDomain(completed)));
    v.put("upstream", ipv6 ? AWS_IPV6_RESOLVER : "/etc/resolv.conf");
    v.put("dns64", ipv6 ? "        dns64\n" : "");
    v.put("clusterIP", text(kubeDns, "serverIP", serverIp(completed, plan)));
    v.put("cpuRequest", text(kubeDns, "cpuRequest", "100m"));
    v.put("memoryRequest", text(kubeDns, "memoryRequest", "70Mi"));
    v.put("memoryLimit", text(kubeDns, "memoryLimit", "170Mi"));
    return v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> kubeDns(Cluster completed) {
    Object o = completed.spec().extra().get("kubeDNS");
    if (o == null) {
      return Map.of();
    }
    if (!(o instanceof Map<?, ?> m)) {
      throw new ModelException(
          "spec.kubeDNS of cluster " + completed.name() + " is not a map of CoreDNS settings");
    }
    return (Map<String, Object>) m;
  }

  private static String clusterDomain(Cluster completed) {
    Object d = completed.spec().extra().get("clusterDNSDomain");
    return d == null ? "cluster.local" : d.toString();
  }

  private static String text(Map<String, Object> kubeDns, String field, String fallback) {
    Object v = kubeDns.get(field);
    if (v == null) {
      return fallback;
    }
    String s = v.toString();
    // each value lands inside one YAML scalar or Corefile token
    if (!s.matches("[A-Za-z0-9.:_-]+")) {
      throw new ModelException(
          "spec.kubeDNS." + field + " \"" + s + "\" is not a plain name, address or quantity");
    }
    return s;
  }

  /** kops' cluster DNS address: the tenth address of the service range. */
  static String serverIp(Cluster completed, NetworkPlan plan) {
    if (completed.spec().isIpv6Only()) {
      String range = completed.spec().serviceClusterIPRange();
      Ipv6Cidr block =
          Ipv6Cidr.parse(range == null ? ClusterDefaults.IPV6_SERVICE_CLUSTER_IP_RANGE : range);
      return block.block().getLower().increment(10).withoutPrefixLength().toCompressedString();
    }
    return plan.serviceClusterIPRange().addressString(10);
  }
}
