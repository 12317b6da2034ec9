package dev.jkops.cloud.local.resources;

import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * An instance: a namespace named after it, whose {@code eth0} is a veth into its subnet's bridge in
 * the VPC. It reaches the VPC's ranges (never a default route) through the subnet's router. With
 * the source/dest check on, the VPC drops what it sends from any other address and what is sent to
 * it for any other address, as EC2 does.
 *
 * <p>Its secondary ranges are addresses of its subnet it holds besides its own, as an ENI's
 * secondary addresses on AWS (amazonvpc's pod block): the source/dest check lets them through as
 * the instance's own, and the instance answers ARP for those of them it routes (its live pods) on
 * its subnet, so the subnet's neighbours and the VPC router reach them with no route, as AWS'
 * fabric delivers a secondary address to its ENI.
 *
 * @param role the security group prefix: masters, nodes or bastion
 * @param address its address with the subnet's prefix length, e.g. 172.20.32.4/19; in an IPv6-only
 *     subnet its IPv6 address with the /64, e.g. fd01:2345:6789:ab01::4/64
 * @param router the subnet's router address (no prefix), {@code ::1} of the /64 in an IPv6-only
 *     subnet
 * @param vpcRanges the CIDRs it routes through the router (the VPC and the pod CIDR; the VPC's IPv6
 *     ranges in an IPv6-only subnet)
 * @param secondaryRanges ranges of its subnet it holds besides its address (empty but for amazonvpc
 *     nodes)
 */
public record LocalInstance(
    ClusterNames names,
    String name,
    String instanceGroup,
    String role,
    String subnet,
    String address,
    String router,
    List<String> vpcRanges,
    int mtu,
    boolean sourceDestCheck,
    List<String> secondaryRanges)
    implements LocalResource {
  public static final String KIND = "Instance";

  public LocalInstance {
    vpcRanges = vpcRanges.stream().sorted().toList();
    secondaryRanges = secondaryRanges.stream().sorted().toList();
  }

  /** An instance that holds no address but its own. */
  public LocalInstance(
      ClusterNames names,
      String name,
      String instanceGroup,
      String role,
      String subnet,
      String address,
      String router,
      List<String> vpcRanges,
      int mtu,
      boolean sourceDestCheck) {
    this(
        names,
        name,
        instanceGroup,
        role,
        subnet,
        address,
        router,
        vpcRanges,
        mtu,
        sourceDestCheck,
        List.of());
  }

  public static ResourceId idOf(String instance) {
    return new ResourceId(KIND, instance);
  }

  /** The veth end in the VPC namespace. */
  public static String vpcPortOf(String instance) {
    return "i-" + ClusterNames.shortHash(instance, 8);
  }

  public String namespace() {
    return names.instanceNamespace(name);
  }

  public String vpcPort() {
    return vpcPortOf(name);
  }

  /**
   * False for an instance read back half made, by a run killed while it created the instance: it
   * has no address until an update finishes it, and is not a node yet.
   */
  public boolean hasAddress() {
    return address.indexOf('/') > 0;
  }

  /**
   * True for an instance of an IPv6-only subnet: its address is IPv6 (with the /64), it routes the
   * VPC's IPv6 ranges through the subnet's {@code ::1}, and it has no IPv4 address at all.
   */
  public boolean isIpv6Only() {
    return address.contains(":");
  }

  /** The address without its prefix length. */
  public String ip() {
    if (!hasAddress()) {
      throw new IllegalStateException(
          "instance "
              + name
              + " has no address yet (it was half made by a killed run);"
              + " `jkops update cluster --yes` finishes it");
    }
    return address.substring(0, address.indexOf('/'));
  }

  public String routes() {
    return String.join(",", vpcRanges) + " via " + router;
  }

  @Override
  public ResourceId id() {
    return idOf(name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of(Subnet.idOf(names, subnet));
  }

  @Override
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> a = attributesWithoutSecondaries();
    if (secondaryRanges.isEmpty()) {
      return a;
    }
    java.util.TreeMap<String, String> out = new java.util.TreeMap<>(a);
    out.put("secondaryAddresses", String.join(",", secondaryRanges));
    return java.util.Collections.unmodifiableSortedMap(out);
  }

  private SortedMap<String, String> attributesWithoutSecondaries() {
    return Attributes.of(
        "namespace",
        namespace(),
        "instanceGroup",
        instanceGroup,
        "role",
        role,
        "subnet",
        subnet,
        "address",
        address,
        "routes",
        routes(),
        "mtu",
        mtu,
        "sourceDestCheck",
        sourceDestCheck);
  }
}
