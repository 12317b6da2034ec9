package dev.jkops.model;

/**
 * How pod packets move between nodes, described so the local cloud can build it with kernel routing
 * and VXLAN, and so users can read what a provider does. One record per shape.
 */
public sealed interface DataPlane {

  /** The MTU pods get on this data plane. */
  int mtu();

  /**
   * kubenet and classic: a bridge on each node's pod range and one VPC route per node (pod range ->
   * instance), with the source/dest check off so instances may forward pod traffic.
   */
  record VpcRoutes(String bridge, int mtu) implements DataPlane {}

  /**
   * A VXLAN overlay: kopeio (device {@code vxlan1}), flannel's vxlan backend and canal (VNI 1, UDP
   * 8472, device {@code flannel.1}), weave fastdp (UDP 6784, device {@code vxlan-6784}).
   */
  record Vxlan(int vni, int udpPort, int mtu, String device) implements DataPlane {}

  /** flannel's udp backend: a TUN device and a userspace encapsulator on UDP 8285. */
  record FlannelUdp(int udpPort, int mtu, String device) implements DataPlane {}

  /**
   * calico: pod ranges routed between nodes of one subnet (BGP-learnt in a real cluster), and an
   * encapsulation across subnets. Calico would use IP-in-IP there on AWS; this kernel has no ipip
   * module, so the local cloud uses calico's VXLAN mode (VNI 4096, UDP 4789, device {@code
   * vxlan.calico}) and says so.
   */
  record CalicoRouted(String crossSubnetEncapsulation, int vxlanVni, int vxlanPort, int mtu)
      implements DataPlane {}

  /**
   * romana: every node holds a route to every other node's pod range via that node (L3, no
   * overlay).
   */
  record HostRoutes(int mtu) implements DataPlane {}

  /**
   * cni and external: nothing carries pod traffic between nodes until the user installs a provider;
   * {@code reason} says so in words a user reads in validate's output.
   */
  record None(String reason, int mtu) implements DataPlane {}
}
