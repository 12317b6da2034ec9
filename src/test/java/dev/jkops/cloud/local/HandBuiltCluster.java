package dev.jkops.cloud.local;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.resources.InstanceFirewall;
import dev.jkops.cloud.local.resources.LocalInstance;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.NodeBridge;
import dev.jkops.cloud.local.resources.RouteTable;
import dev.jkops.cloud.local.resources.Subnet;
import dev.jkops.cloud.local.resources.VpcRoute;
import dev.jkops.cloud.local.resources.VpcRouter;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.cloud.local.vpc.SecurityGroupRuleset.Ingress;
import dev.jkops.cloud.local.vpc.SourceList;
import java.util.ArrayList;
import java.util.List;

/**
 * A kubenet-shaped cluster built from local resources directly (no model): a master and a node in
 * subnet a, a node in subnet b, one route table, a pod bridge and a VPC route per instance, and
 * kops' security groups. Tests change one thing and see what breaks.
 */
final class HandBuiltCluster {
  final ClusterNames names;
  int quota = 50;
  boolean sourceDestCheck = false;
  boolean nodesToNodesRule = true;
  int nodes = 2;

  HandBuiltCluster(ClusterNames names) {
    this.names = names;
  }

  record Host(
      String name,
      String group,
      String role,
      String subnet,
      String address,
      String router,
      String podRange) {
    String ip() {
      return address.substring(0, address.indexOf('/'));
    }

    String podGateway() {
      return podRange.substring(0, podRange.lastIndexOf('.')) + ".1";
    }
  }

  List<Host> hosts() {
    List<Host> h = new ArrayList<>();
    h.add(
        new Host(
            "master-a-1",
            "master-a",
            "masters",
            "a",
            "172.20.32.4/19",
            "172.20.32.1",
            "100.96.0.0/24"));
    h.add(
        new Host(
            "nodes-1", "nodes", "nodes", "a", "172.20.32.6/19", "172.20.32.1", "100.96.1.0/24"));
    if (nodes >= 2) {
      h.add(
          new Host(
              "nodes-2", "nodes", "nodes", "b", "172.20.64.4/19", "172.20.64.1", "100.96.2.0/24"));
    }
    return h;
  }

  Host host(String name) {
    return hosts().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
  }

  List<LocalResource> resources() {
    List<LocalResource> r = new ArrayList<>();
    r.add(new VpcRouter(names));
    r.add(new Subnet(names, "a", Cidr.parse("172.20.32.0/19"), 1500));
    r.add(new Subnet(names, "b", Cidr.parse("172.20.64.0/19"), 1500));
    r.add(new RouteTable(names, names.clusterName(), 100, List.of("a", "b"), quota));
    for (Host h : hosts()) {
      r.add(
          new LocalInstance(
              names,
              h.name(),
              h.group(),
              h.role(),
              h.subnet(),
              h.address(),
              h.router(),
              List.of("172.20.0.0/16", "100.96.0.0/11"),
              1500,
              sourceDestCheck));
      r.add(new NodeBridge(names, h.name(), "cbr0", h.podGateway() + "/24", 1500));
      r.add(
          new VpcRoute(
              names, names.clusterName(), 100, Cidr.parse(h.podRange()), h.name(), h.ip()));
      r.add(firewall(h));
    }
    return r;
  }

  private InstanceFirewall firewall(Host h) {
    SourceList masters = SourceList.of("masters." + names.clusterName(), members("masters"));
    SourceList nodeSources = SourceList.of("nodes." + names.clusterName(), members("nodes"));
    List<Ingress> in = new ArrayList<>();
    if (h.role().equals("masters")) {
      in.add(new Ingress("from-masters-ingress-all-0to0-masters", masters, "all", 0, 0));
      in.add(new Ingress("from-nodes-ingress-tcp-1to2379-masters", nodeSources, "tcp", 1, 2379));
      in.add(new Ingress("from-nodes-ingress-udp-1to65535-masters", nodeSources, "udp", 1, 65535));
    } else {
      in.add(new Ingress("from-masters-ingress-all-0to0-nodes", masters, "all", 0, 0));
      if (nodesToNodesRule) {
        in.add(new Ingress("from-nodes-ingress-all-0to0-nodes", nodeSources, "all", 0, 0));
      }
    }
    return InstanceFirewall.of(
        names, h.name(), h.role() + "." + names.clusterName(), in, List.of("0.0.0.0/0"), in.size());
  }

  private List<String> members(String role) {
    List<String> out = new ArrayList<>();
    for (Host h : hosts()) {
      if (h.role().equals(role)) {
        out.add(h.ip());
        out.add(h.podRange());
      }
    }
    return out;
  }
}
