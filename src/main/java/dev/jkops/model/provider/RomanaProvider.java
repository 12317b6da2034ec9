package dev.jkops.model.provider;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.FieldError;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.CloudNeeds;
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
import java.util.Map;
import java.util.Optional;

/**
 * romana: plain L3. Every node's agent programs a route to every other node's pod range via that
 * node (no overlay, full link MTU); romana-daemon keeps its state in the cluster's etcd (TCP 4001,
 * which kops opened to nodes for romana); romana-aws turns the source/dest check off so nodes may
 * forward pod traffic. The agent enforces NetworkPolicy.
 */
public final class RomanaProvider implements NetworkProvider {
  public static final String VERSION = "v2.0.2";
  public static final String DAEMON_IMAGE = "quay.io/romana/daemon:" + VERSION;
  public static final String LISTENER_IMAGE = "quay.io/romana/listener:" + VERSION;
  public static final String AGENT_IMAGE = "quay.io/romana/agent:" + VERSION;
  public static final String AWS_IMAGE = "quay.io/romana/aws:" + VERSION;

  /** kops put romana's API service at the 99th address of the service range (100.64.0.99). */
  static final int SERVICE_INDEX = 99;

  private final NetworkingSpec.Romana spec;

  public RomanaProvider(NetworkingSpec.Romana spec) {
    this.spec = spec;
  }

  @Override
  public String mode() {
    return "romana";
  }

  @Override
  public NetworkingSpec spec() {
    return spec;
  }

  @Override
  public String kubeletNetworkPlugin() {
    return CNI;
  }

  @Override
  public List<FieldError> validate(ClusterBundle bundle) {
    List<FieldError> errors = new ArrayList<>();
    ProviderSupport.requireDaemonSets(bundle, "romana", errors);
    return errors;
  }

  @Override
  public List<String> warnings(NetworkContext ctx) {
    return List.of(
        "Romana is archived upstream (last release " + VERSION + "); kops removed it in 1.19");
  }

  @Override
  public NodeNetworkConfig nodeConfig(
      NetworkContext ctx, Instance instance, Optional<Cidr> podRange) {
    return ProviderSupport.bridgeCniNode(
        ctx, instance, podRange, "10-romana.conflist", "romana-k8s-network", "romana", mtu(ctx));
  }

  @Override
  public CloudNeeds cloudNeeds(NetworkContext ctx) {
    List<PortNeed> ports = new ArrayList<>();
    ports.add(
        PortNeed.tcp(
            Role.NODE, Role.CONTROL_PLANE, EtcdEndpoints.CLIENT_PORT, "romana's etcd store"));
    ports.add(PortNeed.tcp(Role.NODE, Role.CONTROL_PLANE, 9600, "romana-daemon API"));
    return new CloudNeeds(
        ports, true, List.of("ec2:DescribeInstances", "ec2:ModifyInstanceAttribute"), false);
  }

  @Override
  public int mtu(NetworkContext ctx) {
    return ctx.cloud().linkMtu();
  }

  @Override
  public boolean enforcesNetworkPolicy() {
    return true;
  }

  @Override
  public DataPlane dataPlane(NetworkContext ctx) {
    return new DataPlane.HostRoutes(mtu(ctx));
  }

  @Override
  public Optional<AddonManifest> addon(NetworkContext ctx) {
    return Optional.of(
        AddonTemplates.networking(
            "networking.romana",
            "k8s-1.7",
            "romana.yaml",
            Map.of(
                "daemonImage",
                DAEMON_IMAGE,
                "listenerImage",
                LISTENER_IMAGE,
                "agentImage",
                AGENT_IMAGE,
                "awsImage",
                AWS_IMAGE,
                "serviceIP",
                ctx.serviceClusterIPRange().addressString(SERVICE_INDEX),
                "etcdEndpoints",
                String.join(",", EtcdEndpoints.of(ctx)),
                "podCIDR",
                ctx.podCIDR().toString(),
                "blockMask",
                Integer.toString(ctx.nodeCIDRMaskSize()))));
  }
}
