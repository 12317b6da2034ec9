package dev.jkops.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link NetworkPlan} as the plain document {@code jkops get networking -o yaml|json} prints:
 * maps and lists in a stable order, CIDRs as strings, no manifests (their ids and hashes only).
 */
public final class PlanDocument {
  private PlanDocument() {}

  public static Map<String, Object> of(NetworkPlan p) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("cluster", p.clusterName());
    d.put("mode", p.mode());
    d.put("kubernetesVersion", p.kubernetesVersion().toString());
    d.put("networkCIDR", p.networkCIDR().toString());
    // an IPv6 plan has no IPv4 cluster ranges: its pods are in each node's IPv6 prefix
    d.put("nonMasqueradeCIDR", ipv6(p) ? "::/0" : p.nonMasqueradeCIDR().toString());
    if (!ipv6(p)) {
      d.put("podCIDR", p.podCIDR().toString());
      d.put("serviceClusterIPRange", p.serviceClusterIPRange().toString());
    }
    d.put("nodeCIDRMaskSize", p.nodeCIDRMaskSize());
    d.put("linkMTU", p.linkMtu());
    d.put("mtu", p.mtu());
    d.put("networkPolicy", p.enforcesNetworkPolicy() ? "enforced" : "not enforced");
    d.put("dataPlane", dataPlane(p.dataPlane()));
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (Instance i : p.instances()) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("name", i.name());
      n.put("instanceGroup", i.instanceGroup());
      n.put("role", i.role().groupPrefix());
      n.put("zone", i.zone());
      n.put("address", i.privateAddress());
      if (i.ipv6Address() != null) {
        n.put("ipv6Address", i.ipv6Ip());
      }
      p.podRange(i.name()).ifPresent(r -> n.put("podCIDR", r.toString()));
      java.util.Optional.ofNullable(p.ipam().ipv6NodePrefixes().get(i.name()))
          .ifPresent(r -> n.put("ipv6PodPrefix", r.toString()));
      nodes.add(n);
    }
    d.put("instances", nodes);
    Map<String, Object> routes = new LinkedHashMap<>();
    RouteQuota q = p.routeQuota();
    routes.put("quota", q.quota());
    routes.put("existing", q.existing());
    routes.put("planned", q.planned());
    routes.put("atMaxSize", q.atMaxSize());
    routes.put(
        "entries",
        p.routes().stream()
            .map(
                r ->
                    Map.of(
                        "destination",
                        r.destination().toString(),
                        "instance",
                        r.instance(),
                        "via",
                        r.via()))
            .toList());
    d.put("routes", routes);
    d.put("firewallRules", p.firewallRules().stream().map(r -> rule(p.clusterName(), r)).toList());
    Map<String, Object> srcDst = new LinkedHashMap<>();
    // in the roles' order, walked rather than sorted: Map.Entry.comparingByKey()'s lambda is one
    // JDK 17's class-data archive cannot hold, generated on every start
    for (Role role : Role.values()) {
      Boolean on = p.sourceDestCheck().get(role);
      if (on != null) {
        srcDst.put(role.groupPrefix(), on ? "on" : "off");
      }
    }
    d.put("sourceDestCheck", srcDst);
    d.put("iamActions", p.iamActions());
    ControlPlaneNetworkConfig cp = p.controlPlane();
    Map<String, Object> kcm = new LinkedHashMap<>();
    kcm.put("allocateNodeCIDRs", cp.allocateNodeCIDRs());
    kcm.put("configureCloudRoutes", cp.configureCloudRoutes());
    kcm.put("clusterCIDR", cp.clusterCIDR());
    kcm.put("nodeCIDRMaskSize", cp.nodeCIDRMaskSize());
    d.put("kubeControllerManager", kcm);
    Map<String, Object> proxy = new LinkedHashMap<>(Map.of("enabled", cp.kubeProxyEnabled()));
    if (cp.kubeProxyClusterCIDR() != null) {
      proxy.put("clusterCIDR", cp.kubeProxyClusterCIDR()); // none for amazonvpc
    }
    d.put("kubeProxy", proxy);
    List<Map<String, Object>> configs = new ArrayList<>();
    for (NodeNetworkConfig n : p.nodeConfigs()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("instance", n.instance());
      c.put("kubeletFlags", n.kubeletArgs());
      c.put("cniFiles", n.cniFiles().stream().map(CniConfigFile::path).toList());
      n.providerCni().ifPresent(f -> c.put("providerCniFile", f.path()));
      n.masqueradeExcept().ifPresent(c2 -> c.put("masqueradeExcept", c2.toString()));
      if (n.configureCbr0()) {
        c.put("configureCbr0", true);
      }
      configs.add(c);
    }
    d.put("nodeConfigs", configs);
    d.put(
        "addons",
        p.addons().stream()
            .map(
                a ->
                    Map.of(
                        "name",
                        a.name(),
                        "id",
                        a.id(),
                        "manifest",
                        a.manifestPath(),
                        "manifestHash",
                        a.sha256()))
            .toList());
    d.put("warnings", p.warnings());
    return d;
  }

  static Map<String, Object> rule(String cluster, FirewallRule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name(cluster));
    m.put("type", r.direction().name().toLowerCase(java.util.Locale.ROOT));
    m.put(
        "from",
        r.direction() == FirewallRule.Direction.INGRESS
            ? r.cidr().orElse(r.fromRole().securityGroup(cluster))
            : r.fromRole().securityGroup(cluster));
    m.put(
        "to",
        r.direction() == FirewallRule.Direction.INGRESS
            ? r.toRole().orElseThrow().securityGroup(cluster)
            : r.cidr().orElseThrow());
    m.put("protocol", r.protocol());
    m.put("ports", ports(r));
    return m;
  }

  /** {@code 1-2379}, {@code 22}, or {@code all}. */
  public static String ports(FirewallRule r) {
    if (r.isAllTraffic() || !("tcp".equals(r.protocol()) || "udp".equals(r.protocol()))) {
      return "all";
    }
    return r.fromPort() == r.toPort()
        ? Integer.toString(r.fromPort())
        : r.fromPort() + "-" + r.toPort();
  }

  /** The data plane as a type name and its parameters. */
  public static Map<String, Object> dataPlane(DataPlane dp) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (dp instanceof DataPlane.VpcRoutes v) {
      m.put("type", "vpc-routes");
      m.put("bridge", v.bridge());
    } else if (dp instanceof DataPlane.Vxlan v) {
      m.put("type", "vxlan");
      m.put("vni", v.vni());
      m.put("udpPort", v.udpPort());
      m.put("device", v.device());
    } else if (dp instanceof DataPlane.FlannelUdp u) {
      m.put("type", "flannel-udp");
      m.put("udpPort", u.udpPort());
      m.put("device", u.device());
    } else if (dp instanceof DataPlane.CalicoRouted c) {
      m.put("type", "calico-routed");
      m.put("crossSubnetEncapsulation", c.crossSubnetEncapsulation());
      m.put("vxlanVni", c.vxlanVni());
      m.put("vxlanPort", c.vxlanPort());
    } else if (dp instanceof DataPlane.HostRoutes) {
      m.put("type", "host-routes");
    } else if (dp instanceof DataPlane.None n) {
      m.put("type", "none");
      m.put("reason", n.reason());
    }
    m.put("mtu", dp.mtu());
    return m;
  }

  /** True for an IPv6 cluster's plan, which has no IPv4 pod, service or non-masquerade range. */
  public static boolean ipv6(NetworkPlan p) {
    return p.nonMasqueradeCIDR() == null;
  }
}
