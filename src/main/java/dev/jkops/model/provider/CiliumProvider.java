package dev.jkops.model.provider;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.FieldError;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.CloudNeeds;
import dev.jkops.model.CniConfigFile;
import dev.jkops.model.DataPlane;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkContext;
import dev.jkops.model.NetworkProvider;
import dev.jkops.model.NodeNetworkConfig;
import dev.jkops.model.PortNeed;
import dev.jkops.model.Role;
import dev.jkops.model.addon.AddonTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * cilium, kops' default networking since 1.26: an agent on every node programs the pod datapath in
 * BPF and enforces NetworkPolicy. Between nodes it tunnels in VXLAN by default (UDP 8472, device
 * cilium_vxlan, MTU link - 50), or geneve (UDP 6081), or routes natively ({@code tunnel: disabled},
 * kops' choice with ENI IPAM, where pods take VPC addresses). Agents probe each other's health on
 * TCP 4240; hubble listens on 4244. kops' base security group rules admit all of these, so cilium
 * adds no rule. Rules of kops' cilium validation are in {@link CiliumRules}.
 */
public final class CiliumProvider implements NetworkProvider {
  static final int VXLAN_PORT = 8472;
  static final int GENEVE_PORT = 6081;
  static final int HEALTH_PORT = 4240;
  static final int HUBBLE_PORT = 4244;

  /** The cilium etcd cluster's client port on the control plane (kops' well-known port). */
  static final int ETCD_CLIENT_PORT = 4003;

  /**
   * Device of cilium's tunnel; cilium puts the sender's security identity in the VNI, the local
   * cloud a fixed one.
   */
  static final String VXLAN_DEVICE = "cilium_vxlan";

  static final int LOCAL_VNI = 2;
  static final String ADDON = "networking.cilium.io";

  /**
   * The IAM actions kops grants for ENI IPAM: the operator attaches ENIs and assigns pod addresses.
   */
  static final List<String> ENI_IAM_ACTIONS =
      List.of(
          "ec2:DescribeSubnets",
          "ec2:AttachNetworkInterface",
          "ec2:AssignPrivateIpAddresses",
          "ec2:UnassignPrivateIpAddresses",
          "ec2:CreateNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSecurityGroups",
          "ec2:DeleteNetworkInterface",
          "ec2:ModifyNetworkInterfaceAttribute",
          "ec2:DescribeVpcs",
          "ec2:CreateTags",
          "ec2:DescribeRouteTables",
          "ec2:DescribeTags",
          "ec2:DescribeInstances");

  private final NetworkingSpec.Cilium spec;
  private final NetworkingSpec.Cilium completed;

  public CiliumProvider(NetworkingSpec.Cilium spec) {
    this.spec = spec;
    this.completed = CiliumOptions.complete(spec);
  }

  private boolean tunnel() {
    return !NetworkingSpec.Cilium.TUNNEL_DISABLED.equals(completed.tunnelOrDefault());
  }

  private boolean eni() {
    return NetworkingSpec.Cilium.IPAM_ENI.equals(completed.ipamOrDefault());
  }

  /**
   * As --networking spells it: cilium-eni and cilium-etcd are kops' flag values for those variants.
   */
  @Override
  public String mode() {
    return eni() ? "cilium-eni" : completed.etcd() ? "cilium-etcd" : "cilium";
  }

  @Override
  public NetworkingSpec spec() {
    return spec;
  }

  @Override
  public NetworkingSpec completedSpec() {
    return completed;
  }

  /**
   * kops' IPv6 cilium: pods' addresses are their node's delegated prefix, routed by the VPC, so no
   * tunnel (native routing) and no masquerading, unless the spec says otherwise.
   */
  @Override
  public NetworkingSpec completedIpv6Spec() {
    java.util.Map<String, Object> extra = new java.util.HashMap<>(spec.extra());
    extra.putIfAbsent("disableMasquerade", true);
    return CiliumOptions.complete(
        new NetworkingSpec.Cilium(
            spec.version(),
            spec.tunnel() == null ? NetworkingSpec.Cilium.TUNNEL_DISABLED : spec.tunnel(),
            spec.ipam(),
            spec.enableNodePort(),
            spec.etcdManaged(),
            spec.identityAllocationMode(),
            spec.enablePolicy(),
            spec.agentPodAnnotations(),
            spec.operatorPodAnnotations(),
            extra));
  }

  @Override
  public String kubeletNetworkPlugin() {
    return CNI;
  }

  @Override
  public List<FieldError> validate(ClusterBundle bundle) {
    return CiliumRules.check(bundle, spec);
  }

  @Override
  public List<String> warnings(NetworkContext ctx) {
    long subnets = ctx.instances().stream().map(Instance::subnet).distinct().count();
    if (!tunnel() && !eni() && subnets > 1) {
      return List.of(
          "cilium's native routing (tunnel: disabled) with ipam "
              + completed.ipamOrDefault()
              + " needs the network to route every node's pod range; kops configures no cloud routes for cilium, so"
              + " across subnets pods reach each other only where you add those routes. Use tunnel: vxlan (the"
              + " default) or ipam: eni on AWS");
    }
    return List.of();
  }

  @Override
  public NodeNetworkConfig nodeConfig(
      NetworkContext ctx, Instance instance, Optional<Cidr> podRange) {
    Optional<CniConfigFile> cni =
        podRange.map(
            r ->
                new CniConfigFile(
                    "05-cilium.conflist",
                    ProviderSupport.bridgeConflist("cilium", "cilium0", r, mtu(ctx))));
    return ProviderSupport.cniNode(ctx, instance, podRange, cni);
  }

  @Override
  public CloudNeeds cloudNeeds(NetworkContext ctx) {
    List<PortNeed> ports = new ArrayList<>();
    if (tunnel()) {
      int port =
          NetworkingSpec.Cilium.TUNNEL_GENEVE.equals(completed.tunnelOrDefault())
              ? GENEVE_PORT
              : VXLAN_PORT;
      ports.addAll(
          PortNeed.amongNodes(
              "udp", port, port, "cilium " + completed.tunnelOrDefault() + " tunnel"));
    }
    ports.addAll(PortNeed.amongNodes("tcp", HEALTH_PORT, HEALTH_PORT, "cilium health checks"));
    if (CiliumOptions.enabled(completed, "hubble")) {
      ports.addAll(PortNeed.amongNodes("tcp", HUBBLE_PORT, HUBBLE_PORT, "hubble"));
    }
    if (completed.etcd()) {
      ports.add(
          PortNeed.tcp(Role.NODE, Role.CONTROL_PLANE, ETCD_CLIENT_PORT, "cilium's etcd (kvstore)"));
    }
    // With ENI IPAM pods hold VPC addresses on the node's own interfaces: no forwarding, no routes.
    // Native routing of kubernetes-IPAM pod ranges sends packets to addresses the instance does not
    // own, which the source/dest check drops: jkops turns it off there (kops does not, and such a
    // cluster carries no pod traffic between nodes; a deliberate difference, see
    // docs/networking.md).
    boolean forwards = !tunnel() && !eni();
    return new CloudNeeds(ports, forwards, eni() ? ENI_IAM_ACTIONS : List.of(), false);
  }

  @Override
  public int mtu(NetworkContext ctx) {
    return ctx.cloud().linkMtu() - (tunnel() ? ProviderSupport.VXLAN_OVERHEAD : 0);
  }

  @Override
  public boolean enforcesNetworkPolicy() {
    return !"never".equals(completed.enablePolicy());
  }

  @Override
  public DataPlane dataPlane(NetworkContext ctx) {
    if (tunnel()) {
      // geneve (AWS only: the local cloud refuses it) is described by the overlay shape with its
      // own port and device
      boolean geneve = NetworkingSpec.Cilium.TUNNEL_GENEVE.equals(completed.tunnelOrDefault());
      return new DataPlane.Vxlan(
          LOCAL_VNI,
          geneve ? GENEVE_PORT : VXLAN_PORT,
          mtu(ctx),
          geneve ? "cilium_geneve" : VXLAN_DEVICE);
    }
    return new DataPlane.HostRoutes(mtu(ctx));
  }

  @Override
  public Optional<AddonManifest> addon(NetworkContext ctx) {
    AddonManifest m =
        AddonTemplates.networking(
            ADDON, "k8s-1.16", "cilium.yaml", CiliumManifest.values(ctx, completed));
    // kops names the file after the template's cilium line and rolls every node when it changes
    return Optional.of(m.withPath(ADDON + "/k8s-1.16-v1.15.yaml").needingRollingUpdate("all"));
  }
}
