package dev.jkops.model.provider;

import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.NetworkContext;
import dev.jkops.model.addon.AddonTemplates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The values of calico's templates, kept apart from the provider's networking decisions. */
final class CalicoManifest {
  static final String ADDON = "networking.projectcalico.org";

  private CalicoManifest() {}

  static AddonManifest render(
      NetworkContext ctx, NetworkingSpec.Calico spec, List<String> etcdEndpoints, int mtu) {
    String enc = spec.encapsulationModeOrDefault();
    // kops' choice: on AWS IP-in-IP only between subnets (CrossSubnet), elsewhere always.
    boolean crossSubnet = spec.crossSubnet() == null ? ctx.isAws() : spec.crossSubnet();
    String when = crossSubnet ? "CrossSubnet" : "Always";
    Map<String, String> v = new HashMap<>();
    v.put("nodeImage", CalicoProvider.NODE_IMAGE);
    v.put("cniImage", CalicoProvider.CNI_IMAGE);
    v.put("controllersImage", CalicoProvider.CONTROLLERS_IMAGE);
    addressing(ctx, v);
    v.put("mtu", Integer.toString(mtu));
    v.put("ipip", "ipip".equals(enc) ? when : "Never");
    v.put("vxlan", "vxlan".equals(enc) ? when : "Never");
    // IPv6 (kops): the VPC routes each node's delegated prefix, so calico runs no BGP and leaves
    // the source/dest check on (the pods' addresses are the node's own prefix).
    v.put("backend", ctx.isIpv6() ? "none" : "vxlan".equals(enc) ? "vxlan" : "bird");
    v.put(
        "srcDstCheck",
        Boolean.TRUE.equals(spec.awsSrcDstCheck()) || !ctx.isAws() || ctx.isIpv6()
            ? "DoNothing"
            : "Disable");
    if (etcdEndpoints.isEmpty()) {
      String crds = AddonTemplates.render("calico-crds.yaml", Map.of());
      AddonManifest m = AddonTemplates.networking(ADDON, "k8s-1.25", "calico.yaml", v);
      return new AddonManifest(ADDON, "k8s-1.25", m.manifest() + "\n---\n" + crds, m.selector());
    }
    // calico's etcd datastore template keeps its own IPv4 pool settings (IPv6 refuses etcd).
    v.remove("ipam");
    v.remove("addressEnv");
    v.remove("ipv6Support");
    v.put("podCIDR", ctx.podCIDR().toString());
    v.put("etcdEndpoints", String.join(",", etcdEndpoints));
    return AddonTemplates.networking(ADDON, "k8s-1.25-etcd", "calico-etcd.yaml", v);
  }

  /** calico-node's container env lines, indented as in the template's env list. */
  private static final String ENV = "            - name: %s\n              value: %s\n";

  /**
   * How pods get addresses. IPv4: calico's IPAM hands out blocks of the pod CIDR (its IPv4 pool).
   * IPv6, as kops renders it: no pools at all; the CNI plugin's host-local IPAM takes the node's
   * {@code spec.podCIDRs} (the prefix AWS delegated to it, {@code usePodCidrIPv6}), and calico-node
   * finds the node's IPv6 address on its first interface.
   */
  private static void addressing(NetworkContext ctx, Map<String, String> v) {
    StringBuilder env = new StringBuilder();
    if (ctx.isIpv6()) {
      v.put(
          "ipam",
          "{\"type\": \"host-local\", \"assign_ipv4\": \"false\", \"assign_ipv6\": \"true\","
              + " \"ranges\": [[{\"subnet\": \"usePodCidrIPv6\"}]]}");
      env.append(ENV.formatted("USE_POD_CIDR", "\"true\""));
      env.append(ENV.formatted("IP", "none"));
      env.append(ENV.formatted("IP6", "autodetect"));
      env.append(ENV.formatted("IP_AUTODETECTION_METHOD", "none"));
      env.append(ENV.formatted("IP6_AUTODETECTION_METHOD", "first-found"));
      env.append(ENV.formatted("CALICO_IPV6POOL_VXLAN", "Never"));
      env.append(ENV.formatted("NO_DEFAULT_POOLS", "\"true\""));
      v.put("ipv6Support", "true");
    } else {
      v.put(
          "ipam",
          "{\"type\": \"calico-ipam\", \"assign_ipv4\": \"true\", \"assign_ipv6\": \"false\"}");
      env.append(ENV.formatted("IP", "autodetect"));
      env.append(ENV.formatted("CALICO_IPV4POOL_CIDR", ctx.podCIDR()));
      v.put("ipv6Support", "false");
    }
    v.put("addressEnv", env.substring(0, env.length() - 1));
  }
}
