package dev.jkops.cloud.local.design;

import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.Ipv6Cidr;
import dev.jkops.cloud.local.resources.InstanceIpv6;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.NodeBridge;
import dev.jkops.cloud.local.resources.NodeCniConfig;
import dev.jkops.cloud.local.resources.SubnetIpv6;
import dev.jkops.cloud.local.resources.VpcIpv6Route;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.ipam.Ipv6Prefixes;
import dev.jkops.tasks.ResourceId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A local IPv6 cluster's network, as kops builds IPv6 with calico, cilium and kindnet on AWS: every
 * provider routed with no encapsulation, each node's pods in an /80 of its subnet that the VPC
 * routes to the node. The router holds each subnet's {@code ::1}; each instance its address in its
 * subnet's /64 with routes to the VPC's /56 (and to any subnet block written outside it) through
 * that router; the router routes each node's /80 via the node; and each node's CNI config is the
 * bridge plugin with host-local over its /80, routes to the same ranges and nothing else.
 *
 * <p>An IPv6-only subnet (only an {@code ipv6CIDR}, as kops' Private subnets of its IPv6 clusters)
 * and its instances have no IPv4 side: their {@code Subnet} and {@code Instance} hold the IPv6
 * router address and the instance's IPv6 address themselves, so this adds only their nodes' /80s.
 */
final class Ipv6Design {
  private Ipv6Design() {}

  /** True for a plan whose instances have IPv6 addresses: a local IPv6 cluster. */
  static boolean applies(NetworkPlan plan) {
    return plan.instances().stream().anyMatch(i -> i.ipv6Address() != null);
  }

  /**
   * The VPC's IPv6 block and every subnet block written outside it: what instances and pods route.
   */
  static List<String> vpcRanges(ClusterNames names, List<ClusterSubnet> subnets) {
    Ipv6Cidr vpc = Ipv6Prefixes.localVpcBlock(names.id());
    List<String> out = new ArrayList<>(List.of(vpc.toString()));
    for (Ipv6Cidr block : Ipv6Prefixes.subnetBlocks(subnets, vpc).values()) {
      if (!vpc.contains(block)) {
        out.add(block.toString());
      }
    }
    return out;
  }

  static List<LocalResource> resources(
      ClusterNames names, NetworkPlan plan, List<ClusterSubnet> subnets) {
    Ipv6Cidr vpc = Ipv6Prefixes.localVpcBlock(names.id());
    Map<String, Ipv6Cidr> blocks = Ipv6Prefixes.subnetBlocks(subnets, vpc);
    List<String> ranges = vpcRanges(names, subnets);
    List<LocalResource> out = new ArrayList<>();
    // an IPv6-only subnet's bridge holds its ::1 as its only address ({@link VpcDesign})
    java.util.Set<String> ipv6Only = new java.util.HashSet<>();
    subnets.stream().filter(s -> s.cidr() == null).forEach(s -> ipv6Only.add(s.name()));
    Map<String, SubnetIpv6> bySubnet = new java.util.LinkedHashMap<>();
    blocks.forEach(
        (name, block) -> {
          SubnetIpv6 s = new SubnetIpv6(names, name, block);
          bySubnet.put(name, s);
          if (!ipv6Only.contains(name)) {
            out.add(s);
          }
        });
    for (Instance i : plan.instances()) {
      if (i.ipv6Address() == null) {
        continue;
      }
      SubnetIpv6 subnet = bySubnet.get(i.subnet());
      if (!i.isIpv6Only()) {
        // The instance holds its address in its subnet's first /80, not the whole /64: the other
        // nodes' /80s are in the same /64, and on-link they would be asked for by neighbour
        // discovery, which no one answers for a pod. Only the first /80 (the router and the
        // instances) is on-link; the rest of the /64 goes through the router, which routes each
        // /80. An IPv6-only instance's address and routes are its Instance's own ({@link
        // VpcDesign}), held the same way.
        String address = i.ipv6Ip() + "/" + Ipv6Prefixes.NODE_PREFIX;
        out.add(new InstanceIpv6(names, i.name(), i.subnet(), address, subnet.routerIp(), ranges));
      }
      Ipv6Cidr prefix = plan.ipam().ipv6NodePrefixes().get(i.name());
      if (prefix == null) {
        continue;
      }
      out.add(new VpcIpv6Route(names, prefix.toString(), i.name(), i.ipv6Ip()));
      String gateway = firstHost(prefix);
      out.add(new NodeBridge(names, i.name(), BRIDGE, gateway + "/" + prefix.prefix(), plan.mtu()));
      String content =
          CniConfForNode.adapt(
              conflist(prefix, gateway, plan.mtu()), names.nodeIpamDir(i.name()), ranges);
      out.add(
          new NodeCniConfig(
              names,
              i.name(),
              "10-" + plan.mode() + "-ipv6.conflist",
              content,
              Set.of(new ResourceId(NodeBridge.KIND, i.name()), InstanceIpv6.idOf(i.name())),
              Set.of(VpcIpv6Route.KIND)));
    }
    return out;
  }

  /** The bridge a node's pods plug into. */
  static final String BRIDGE = "cbr0";

  static String firstHost(Ipv6Cidr prefix) {
    String host = prefix.subnet(128, BigInteger.ONE).toString();
    return host.substring(0, host.indexOf('/'));
  }

  static String conflist(Ipv6Cidr prefix, String gateway, int mtu) {
    // Locale.ROOT: the numbers in ASCII digits whatever the user's locale (under ar-EG, "%d" writes
    // Arabic-Indic digits, and the CNI plugin would refuse the file as JSON)
    return String.format(
        java.util.Locale.ROOT,
        """
        {"cniVersion": "0.4.0", "name": "k8s-pod-network", "plugins": [
          {"type": "bridge", "bridge": "%s", "mtu": %d, "isGateway": true, "ipMasq": false, "hairpinMode": true,
           "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s", "gateway": "%s"}]]}}]}
        """,
        BRIDGE,
        mtu,
        prefix,
        gateway);
  }
}
