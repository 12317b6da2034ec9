package dev.jkops.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What {@code create cluster} fills in, as kops does (networking-facts section 2): the user's spec
 * as kops writes it, and the api-level part of the completed spec.
 */
public final class ClusterDefaults {
  private ClusterDefaults() {}

  public static final String DEFAULT_NETWORK_CIDR = "172.20.0.0/16";
  public static final String DEFAULT_NON_MASQUERADE_CIDR = "100.64.0.0/10";

  /** kops' service range for IPv6 clusters (a unique-local /108). */
  public static final String IPV6_SERVICE_CLUSTER_IP_RANGE = "fd00:5e4f:ce::/108";

  public static final String DEFAULT_NETWORKING = "kubenet";

  /**
   * {@code --ipv6} with no {@code --networking}: kops' default (cilium since kops 1.26), which runs
   * IPv6; jkops' own default, kubenet, cannot (kops: "Kubenet does not support IPv6").
   */
  public static final String DEFAULT_IPV6_NETWORKING = "cilium";

  /** kops' name for the DualStack subnet {@code --ipv6} adds beside each private one. */
  static final String DUAL_STACK_PREFIX = "dualstack-";

  /** Used when neither the options nor the spec name a version; any 1.2x release works. */
  public static final String DEFAULT_KUBERNETES_VERSION = "v1.32.0";

  public static final List<String> OPEN_ACCESS = List.of("0.0.0.0/0", "::/0");
  public static final String TOPOLOGY_PUBLIC = "public";
  public static final String TOPOLOGY_PRIVATE = "private";

  /** The cluster and instance groups kops' create cluster would write for these options. */
  public static ClusterBundle create(CreateClusterOptions o) {
    ClusterValidator.checkName(o.name());
    if (o.zones().isEmpty()) {
      throw new ApiException(
          "no zones given; name at least one zone with --zones (e.g. us-east-1a for aws,"
              + " or any name such as zone-a for the local cloud)");
    }
    checkZones("--zones", o.zones());
    checkZones("--control-plane-zones", o.controlPlaneZones());
    String cloud = ZoneNames.cloudFor(o.cloud(), o.zones());
    if (o.cloud() == null || o.cloud().isBlank()) {
      // one cluster, one cloud: zones of both kinds are a typo or a mix-up, never a plan that works
      List<String> all = new java.util.ArrayList<>(o.zones());
      if (o.controlPlaneZones() != null) {
        all.addAll(o.controlPlaneZones());
      }
      List<String> aws = all.stream().filter(ZoneNames::isAwsZone).toList();
      List<String> local = all.stream().filter(z -> !ZoneNames.isAwsZone(z)).toList();
      if (!aws.isEmpty() && !local.isEmpty()) {
        throw new ApiException(
            "--zones mixes AWS zones ("
                + String.join(",", aws)
                + ") and local-cloud zones ("
                + String.join(",", local)
                + "); a cluster lives on one cloud: give only AWS zones of one region (e.g. "
                + aws.get(0)
                + "), or only local names (e.g. "
                + local.get(0)
                + ")");
      }
    }
    if (!ZoneNames.CLOUDS.contains(cloud)) {
      throw new ApiException(
          "--cloud \"" + o.cloud() + "\" is not supported; use one of " + ZoneNames.CLOUDS);
    }
    // kops: an IPv6 cluster is private unless asked otherwise (its nodes need no IPv4 address)
    String topology =
        o.topology() == null
            ? (o.ipv6() ? TOPOLOGY_PRIVATE : TOPOLOGY_PUBLIC)
            : o.topology().toLowerCase(java.util.Locale.ROOT);
    if (!topology.equals(TOPOLOGY_PUBLIC) && !topology.equals(TOPOLOGY_PRIVATE)) {
      throw new ApiException(
          "--topology \"" + o.topology() + "\" is not supported; use public or private");
    }
    if (o.bastion() && topology.equals(TOPOLOGY_PUBLIC)) {
      throw new ApiException(
          "--bastion needs --topology private: in a public topology every node is reachable"
              + " already, so kops makes a bastion only for private clusters");
    }
    NetworkingSpec networking;
    String networkingFlag =
        o.networking() != null
            ? o.networking()
            : o.ipv6() ? DEFAULT_IPV6_NETWORKING : DEFAULT_NETWORKING;
    try {
      networking = NetworkingSpec.fromFlag(networkingFlag);
    } catch (IllegalArgumentException e) {
      throw new ApiException("--networking: " + e.getMessage(), e);
    }
    if (o.ipv6()) {
      checkIpv6Networking(networkingFlag, networking);
    }
    if (o.networkId() != null && o.networkCidrs().isEmpty()) {
      throw new ApiException(
          "--network-cidr is required with an existing VPC ("
              + o.networkId()
              + "): kops reads"
              + " the VPC's CIDR from the cloud, jkops does not; pass the VPC's CIDR, e.g. --network-cidr 10.0.0.0/16");
    }
    String networkCidr =
        o.networkCidrs().isEmpty() ? DEFAULT_NETWORK_CIDR : o.networkCidrs().get(0);
    List<String> additional =
        o.networkCidrs().size() > 1 ? o.networkCidrs().subList(1, o.networkCidrs().size()) : null;
    Cidr network = parseFlagCidr(networkCidr);
    if (additional != null) {
      additional.forEach(ClusterDefaults::parseFlagCidr);
    }

    Map<String, List<String>> zoneSubnets = new LinkedHashMap<>();
    List<ClusterSubnet> subnets = zoneSubnets(o, topology, additional, zoneSubnets);
    if (o.ipv6()) {
      subnets = Ipv6Layout.blocks(subnets);
    }
    try {
      subnets = SubnetCarver.assign(network, subnets);
      if (o.ipv6()) {
        subnets = Ipv6Layout.ipv4WhereTheCloudNeedsIt(cloud, network, subnets);
      }
    } catch (ApiException e) {
      throw new ApiException("--network-cidr: " + e.getMessage(), e);
    }

    String name = o.name();
    // kops: with --ipv6 and a private topology the control plane sits in the zone's DualStack
    // subnet (it keeps an IPv4 address), the nodes in the IPv6-only Private one
    List<InstanceGroup> controlPlanes =
        InstanceGroupPlanner.controlPlanes(
            name,
            o,
            o.ipv6() && topology.equals(TOPOLOGY_PRIVATE)
                ? Ipv6Layout.dualStackFirst(zoneSubnets)
                : zoneSubnets);
    List<InstanceGroup> groups = new ArrayList<>(controlPlanes);
    groups.addAll(InstanceGroupPlanner.nodes(name, o, zoneSubnets));
    if (o.bastion()) {
      groups.add(InstanceGroupPlanner.bastions(name, subnets));
    }
    groups.sort(Comparator.comparing(InstanceGroup::name));

    boolean aws = cloud.equals(ZoneNames.AWS);
    List<String> adminAccess = o.adminAccess().isEmpty() ? OPEN_ACCESS : o.adminAccess();
    ClusterSpecBuilder b = new ClusterSpecBuilder();
    b.cloudProvider = cloud;
    b.kubernetesVersion =
        o.kubernetesVersion() == null ? DEFAULT_KUBERNETES_VERSION : o.kubernetesVersion();
    b.networkCIDR = networkCidr;
    b.additionalNetworkCIDRs = additional;
    b.networkID = o.networkId();
    b.nonMasqueradeCIDR =
        o.ipv6() ? Ipv6Rules.IPV6_NON_MASQUERADE_CIDR : DEFAULT_NON_MASQUERADE_CIDR;
    b.subnets = subnets;
    b.topology = new Topology(new Topology.Dns("None"), null, null, null, null);
    b.networking = networking;
    // With no DNS zone (dns: None) kops reaches the API through a load balancer, even with one
    // master.
    b.api =
        new ApiSpec(
            new ApiSpec.LoadBalancer("Public", aws ? Map.of("class", "Network") : null), null);
    b.sshAccess = o.sshAccess().isEmpty() ? adminAccess : o.sshAccess();
    b.kubernetesApiAccess = adminAccess;
    b.kubelet = new KubeletConfig(null, null, null, Map.of("anonymousAuth", false));
    if (networking instanceof NetworkingSpec.Cilium c && c.nodePort()) {
      b.kubeProxy =
          new KubeProxyConfig(
              null, false, null); // cilium replaces kube-proxy, as kops' create sets
    }
    if (networking instanceof NetworkingSpec.KubeRouter) {
      b.kubeProxy = new KubeProxyConfig(null, false, null);
    } // kube-router proxies services itself, as kops' create sets
    b.extra =
        KopsSpecExtras.forNewCluster(
            controlPlanes, aws, networking instanceof NetworkingSpec.Cilium c && c.etcd());
    if (o.ipv6()) {
      // kops runs an IPv6 cluster with the external cloud controller manager (it assigns each
      // node's IPv6 prefix), written as an empty cloudControllerManager
      b.extra = new LinkedHashMap<>(b.extra);
      b.extra.put("cloudControllerManager", Map.of());
    }
    return new ClusterBundle(Cluster.of(name, b.build()), groups);
  }

  /**
   * One subnet per zone (the node zones and control-plane zones, sorted, named after the zone), one
   * more per additional network CIDR ({@code <zone>-1}, {@code <zone>-2}...), and with a private
   * topology a {@code utility-<name>} subnet for each private one. Fills zoneSubnets as kops'
   * zone-to-subnets map: each zone's subnets, its main one first.
   */
  private static List<ClusterSubnet> zoneSubnets(
      CreateClusterOptions o,
      String topology,
      List<String> additional,
      Map<String, List<String>> zoneSubnets) {
    String type = topology.equals(TOPOLOGY_PRIVATE) ? ClusterSubnet.PRIVATE : ClusterSubnet.PUBLIC;
    TreeSet<String> allZones = new TreeSet<>(o.zones());
    allZones.addAll(o.controlPlaneZones());
    List<ClusterSubnet> subnets = new ArrayList<>();
    for (String zone : allZones) {
      subnets.add(new ClusterSubnet(zone, zone, null, type, o.egress(), null, null));
      zoneSubnets.computeIfAbsent(zone, z -> new ArrayList<>()).add(zone);
    }
    if (additional != null) {
      for (int i = 0; i < additional.size(); i++) {
        String zone = o.zones().get(i % o.zones().size());
        String subnetName = zone + "-" + (i + 1);
        subnets.add(
            new ClusterSubnet(subnetName, zone, additional.get(i), type, o.egress(), null, null));
        zoneSubnets.get(zone).add(subnetName);
      }
    }
    if (type.equals(ClusterSubnet.PRIVATE)) {
      List<ClusterSubnet> privates = List.copyOf(subnets);
      if (o.ipv6()) {
        // kops: each private subnet gets a DualStack twin (for the control plane, bastions and
        // internal load balancers, which need IPv4), listed before the utility subnets
        for (ClusterSubnet s : privates) {
          subnets.add(
              ClusterSubnet.of(
                  DUAL_STACK_PREFIX + s.name(), s.zone(), null, ClusterSubnet.DUAL_STACK));
        }
      }
      for (ClusterSubnet s : privates) {
        subnets.add(ClusterSubnet.of("utility-" + s.name(), s.zone(), null, ClusterSubnet.UTILITY));
      }
    }
    return subnets;
  }

  /**
   * kops' rule for the networking of an IPv6 cluster, said about the flag: {@code --networking
   * kubenet --ipv6} is refused with kops' reason before anything is built.
   */
  private static void checkIpv6Networking(String flag, NetworkingSpec networking) {
    ClusterSpecBuilder b = new ClusterSpecBuilder();
    b.nonMasqueradeCIDR = Ipv6Rules.IPV6_NON_MASQUERADE_CIDR;
    b.networking = networking;
    List<FieldError> refused = new ArrayList<>();
    Ipv6Rules.networking(b.build(), refused);
    if (!refused.isEmpty()) {
      String why = refused.get(0).detail();
      throw new ApiException(
          "--networking "
              + flag
              + " cannot run an IPv6 cluster (--ipv6): "
              + why
              + (why.contains("calico") ? "" : "; use --networking cilium, calico or kindnet"));
    }
  }

  /** Zones name subnets and instance groups, so they must be DNS labels, each given once. */
  private static void checkZones(String flag, List<String> zones) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String zone : zones) {
      if (zone == null || !zone.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") || zone.length() > 50) {
        throw new ApiException(
            flag
                + ": \""
                + zone
                + "\" is not a zone name; zones are lower-case letters, digits"
                + " and '-' (e.g. us-east-1a, or zone-a on the local cloud)");
      }
      if (!seen.add(zone)) {
        throw new ApiException(flag + ": zone " + zone + " is listed twice; list each zone once");
      }
    }
  }

  private static Cidr parseFlagCidr(String text) {
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ApiException("--network-cidr: " + e.getMessage(), e);
    }
  }

  /**
   * The api-level completion of a stored spec: podCIDR, serviceClusterIPRange, nonMasqueradeCIDR
   * and the like, filled where the user left them out. Provider-specific completion is the model's.
   * Values the user set are kept, even wrong ones: the validator reports those.
   */
  public static Cluster complete(Cluster cluster) {
    if (cluster.spec() == null) {
      return cluster;
    }
    ClusterSpecBuilder b = cluster.spec().toBuilder();
    if (b.networkCIDR == null && b.networkID == null) {
      b.networkCIDR = DEFAULT_NETWORK_CIDR;
    }
    if (b.nonMasqueradeCIDR == null) {
      b.nonMasqueradeCIDR = DEFAULT_NON_MASQUERADE_CIDR;
    }
    if (Cidr.isIpv6(b.nonMasqueradeCIDR) && b.serviceClusterIPRange == null) {
      // kops: an IPv6 cluster's services take a ULA /108; pods get each node's IPv6 prefix from
      // the cloud (kops-controller IPAM), so there is no podCIDR.
      b.serviceClusterIPRange = IPV6_SERVICE_CLUSTER_IP_RANGE;
    }
    Cidr nonMasq = tryParse(b.nonMasqueradeCIDR);
    if (nonMasq != null && nonMasq.prefix() <= 29) {
      // kops: the pod range is the upper half of nonMasqueradeCIDR; services take the first eighth.
      if (b.podCIDR == null) {
        b.podCIDR = nonMasq.upperHalf().toString();
      }
      if (b.serviceClusterIPRange == null) {
        b.serviceClusterIPRange = nonMasq.subnet(nonMasq.prefix() + 3, 0).toString();
      }
    }
    if (b.podCIDR != null) {
      KubeProxyConfig p = b.kubeProxy;
      // amazonvpc: pods hold VPC addresses, so kops gives kube-proxy no cluster CIDR (never SNAT
      // them)
      if ((p == null || p.clusterCIDR() == null)
          && !(b.networking instanceof NetworkingSpec.AmazonVpc)) {
        b.kubeProxy =
            new KubeProxyConfig(
                b.podCIDR, p == null ? null : p.enabled(), p == null ? null : p.extra());
      }
      KubeControllerManagerConfig k = b.kubeControllerManager;
      if (k == null || k.clusterCIDR() == null) {
        b.kubeControllerManager =
            k == null
                ? new KubeControllerManagerConfig(null, null, b.podCIDR, null, null)
                : new KubeControllerManagerConfig(
                    k.allocateNodeCIDRs(),
                    k.configureCloudRoutes(),
                    b.podCIDR,
                    k.nodeCIDRMaskSize(),
                    k.extra());
      }
    }
    Cidr network = tryParse(b.networkCIDR);
    if (network != null && b.subnets != null) {
      try {
        b.subnets = SubnetCarver.assign(network, b.subnets);
      } catch (ApiException e) {
        // Left without a CIDR; the validator names the subnet and says why it could not be carved.
      }
    }
    return cluster.withSpec(b.build());
  }

  static Cidr tryParse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
