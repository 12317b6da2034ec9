package dev.jkops.cloud.local.design;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.NodePeers;
import dev.jkops.cloud.local.resources.NodePeers.Peer;
import dev.jkops.cloud.local.resources.NodeVxlan;
import dev.jkops.cloud.local.resources.PeerList;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.DataPlane;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.PodRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How pod ranges reach each other, per the plan's data plane, as kernel routing and VXLAN. The peer
 * lists are made once per subnet (or once for the cluster) and shared by every node that routes to
 * them, each node skipping its own range, so the design is linear in the nodes.
 */
final class DataPlaneDesign {
  static final String ETH0 = "eth0";
  static final String CALICO_VXLAN = "vxlan.calico";

  /** The resources, extra VPC routes (romana's VPC router), and notes for the user. */
  record Result(List<LocalResource> resources, List<PodRoute> vpcRoutes, List<String> notes) {}

  private DataPlaneDesign() {}

  static Result design(ClusterNames names, NetworkPlan plan) {
    List<Instance> nodes =
        plan.instances().stream().filter(i -> plan.podRange(i.name()).isPresent()).toList();
    DataPlane dp = plan.dataPlane();
    List<LocalResource> out = new ArrayList<>();
    List<PodRoute> vpcRoutes = new ArrayList<>(plan.routes());
    List<String> notes = new ArrayList<>();
    if (dp instanceof DataPlane.VpcRoutes) {
      notes.add(
          plan.mode()
              + ": each node's pod range is routed by the VPC's route table ("
              + plan.routes().size()
              + " of "
              + plan.routeQuota().quota()
              + " routes)");
    } else if (dp instanceof DataPlane.Vxlan v) {
      PeerList all =
          PeerList.of(
              "every node/" + v.device(),
              nodes.stream().map(p -> overlayPeer(plan, p, v.device())).toList());
      for (Instance n : nodes) {
        out.add(vxlan(names, plan, n, v.device(), v.vni(), v.udpPort(), v.mtu()));
        out.add(new NodePeers(names, n.name(), List.of(all), plan.podRange(n.name())));
      }
      notes.add(
          plan.mode()
              + ": VXLAN overlay on device "
              + v.device()
              + " (VNI "
              + v.vni()
              + ", UDP "
              + v.udpPort()
              + ", pod MTU "
              + v.mtu()
              + "), forwarding entries for "
              + nodes.size()
              + " nodes");
    } else if (dp instanceof DataPlane.CalicoRouted c) {
      // per subnet: its nodes reached directly (from the same subnet) and through VXLAN (from the
      // others)
      Map<String, List<Instance>> bySubnet = bySubnet(nodes);
      Map<String, PeerList> direct = new LinkedHashMap<>();
      Map<String, PeerList> overlay = new LinkedHashMap<>();
      bySubnet.forEach(
          (subnet, members) -> {
            direct.put(subnet, directPeers(plan, subnet, members));
            overlay.put(
                subnet,
                PeerList.of(
                    subnet + "/" + CALICO_VXLAN,
                    members.stream().map(p -> overlayPeer(plan, p, CALICO_VXLAN)).toList()));
          });
      for (Instance n : nodes) {
        List<PeerList> lists = new ArrayList<>();
        lists.add(direct.get(n.subnet()));
        overlay.forEach(
            (subnet, l) -> {
              if (!subnet.equals(n.subnet())) {
                lists.add(l);
              }
            });
        out.add(vxlan(names, plan, n, CALICO_VXLAN, c.vxlanVni(), c.vxlanPort(), c.mtu()));
        out.add(new NodePeers(names, n.name(), lists, plan.podRange(n.name())));
      }
      boolean crossSubnet = bySubnet.size() > 1;
      notes.add(
          "calico: pod ranges are routed directly between nodes in the same subnet"
              + (crossSubnet
                  ? "; across subnets calico would use IP-in-IP, which this kernel lacks, so pods use"
                      + " VXLAN (VNI "
                      + c.vxlanVni()
                      + ", UDP "
                      + c.vxlanPort()
                      + ") as calico's vxlan mode does"
                  : ""));
    } else if (dp instanceof DataPlane.HostRoutes && heldAsSecondaryAddresses(plan, nodes)) {
      // amazonvpc: each node holds its block as secondary addresses and answers for them on its
      // subnet (SecondaryAddresses), so nothing routes a block: no node routes, no VPC route
      notes.add(
          "amazonvpc: each node's pods take addresses of a /"
              + nodes.stream()
                  .findFirst()
                  .flatMap(n -> plan.podRange(n.name()))
                  .map(Cidr::prefix)
                  .orElse(0)
              + " block of the node's own subnet, held as the node's secondary addresses (its ENIs'"
              + " on AWS): the node answers ARP for its pods on the subnet and the VPC's source/dest"
              + " check counts the block as the node's own, so pods are reached with no overlay and"
              + " no route, in the VPC's route tables or on the nodes; no NetworkPolicy is enforced"
              + " (kops ships the policy agent off)");
    } else if (dp instanceof DataPlane.HostRoutes) {
      Map<String, List<Instance>> bySubnet = bySubnet(nodes);
      Map<String, PeerList> direct = new LinkedHashMap<>();
      bySubnet.forEach((subnet, members) -> direct.put(subnet, directPeers(plan, subnet, members)));
      for (Instance n : nodes) {
        out.add(
            new NodePeers(
                names, n.name(), List.of(direct.get(n.subnet())), plan.podRange(n.name())));
      }
      if (bySubnet.size() > 1) {
        for (Instance n : nodes) {
          vpcRoutes.add(
              new PodRoute(plan.podRange(n.name()).orElseThrow(), n.name(), n.privateAddress()));
        }
        notes.add(
            plan.mode()
                + ": host routes on every node within a subnet; across subnets the VPC's route table"
                + " carries each node's range, "
                + (plan.mode().equals("romana")
                    ? "as romana's VPC router programs it on AWS"
                    : "as the network must for native routing")
                + " (these count against the quota)");
      } else {
        notes.add(plan.mode() + ": host routes to every node's pod range on every node");
      }
    } else if (dp instanceof DataPlane.FlannelUdp u) {
      throw new LocalCloudException(
          "flannel's udp backend is not available on the local cloud: it needs flanneld's"
              + " userspace encapsulator on TUN device "
              + u.device()
              + " (UDP "
              + u.udpPort()
              + "), which jkops does not"
              + " emulate. Use flannel's vxlan backend (--networking flannel, or spec.networking.flannel.backend: vxlan);"
              + " the AWS cloud renders the udp backend as kops does. Nothing was changed.");
    } else if (dp instanceof DataPlane.None none) {
      notes.add(none.reason());
    }
    // A node with no peers has no routes to program, and an empty PodRoutes would never be found
    // live.
    out.removeIf(r -> r instanceof NodePeers p && p.routes() == 0);
    return new Result(out, vpcRoutes, notes);
  }

  /** Every node's pod range lies in its own subnet: amazonvpc's blocks of secondary addresses. */
  private static boolean heldAsSecondaryAddresses(NetworkPlan plan, List<Instance> nodes) {
    return !nodes.isEmpty()
        && nodes.stream()
            .allMatch(
                n -> plan.podRange(n.name()).filter(r -> n.subnetCidr().contains(r)).isPresent());
  }

  private static Map<String, List<Instance>> bySubnet(List<Instance> nodes) {
    Map<String, List<Instance>> out = new LinkedHashMap<>();
    nodes.forEach(n -> out.computeIfAbsent(n.subnet(), s -> new ArrayList<>()).add(n));
    return out;
  }

  /** A subnet's nodes as reached from within it: each range via the node's address on eth0. */
  private static PeerList directPeers(NetworkPlan plan, String subnet, List<Instance> members) {
    return PeerList.of(
        subnet + "/" + ETH0,
        members.stream()
            .map(
                p ->
                    new Peer(
                        plan.podRange(p.name()).orElseThrow(),
                        p.privateAddress(),
                        ETH0,
                        false,
                        Optional.empty(),
                        Optional.empty()))
            .toList());
  }

  static NodeVxlan vxlan(
      ClusterNames names, NetworkPlan plan, Instance n, String device, int vni, int port, int mtu) {
    Cidr range = plan.podRange(n.name()).orElseThrow();
    return new NodeVxlan(
        names,
        n.name(),
        device,
        vni,
        port,
        n.privateAddress(),
        range.addressString(0) + "/32",
        NodeVxlan.macFor(n.privateAddress()),
        mtu);
  }

  /**
   * flannel's scheme: the peer's range via its device address (range .0) on the VXLAN device,
   * onlink.
   */
  static Peer overlayPeer(NetworkPlan plan, Instance p, String device) {
    Cidr range = plan.podRange(p.name()).orElseThrow();
    return new Peer(
        range,
        range.addressString(0),
        device,
        true,
        Optional.of(NodeVxlan.macFor(p.privateAddress())),
        Optional.of(p.privateAddress()));
  }
}
