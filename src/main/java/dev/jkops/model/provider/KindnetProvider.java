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
import dev.jkops.model.addon.AddonTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kindnet: kindnetd on every node reads the nodes' pod ranges from the Kubernetes API and routes
 * each other node's range via that node's address (plain L3, no overlay, full link MTU), so the
 * instances must forward pod traffic (kops grants ec2:ModifyInstanceAttribute for the source/dest
 * check). kindnetd enforces NetworkPolicy unless {@code networkPolicies: false} (its own default is
 * on, and kops passes the flag only when the spec sets it). kops' defaults: version v1.0.1,
 * masquerading on except towards the network, pod and service ranges, fast path threshold 0, log
 * level 2.
 */
public final class KindnetProvider implements NetworkProvider {
  public static final String DEFAULT_VERSION = "v1.0.1";
  static final String IMAGE_REPOSITORY = "registry.k8s.io/networking/kindnet";

  private final NetworkingSpec.Kindnet spec;

  public KindnetProvider(NetworkingSpec.Kindnet spec) {
    this.spec = spec;
  }

  @Override
  public String mode() {
    return "kindnet";
  }

  @Override
  public NetworkingSpec spec() {
    return spec;
  }

  @Override
  public String kubeletNetworkPlugin() {
    return CNI;
  }

  /**
   * kops' KindnetOptionsBuilder: the version, masquerade ranges, fast path and log level written
   * out.
   */
  @Override
  public NetworkingSpec completedSpec(NetworkContext ctx) {
    NetworkingSpec.KindnetMasquerade masquerade = spec.masquerade();
    if (masquerade == null) {
      // an IPv6 cluster has no IPv4 pod range, and its service range is IPv6
      masquerade =
          new NetworkingSpec.KindnetMasquerade(
              true,
              ctx.isIpv6()
                  ? List.of(ctx.networkCIDR().toString(), ctx.ipv6ServiceRange())
                  : List.of(
                      ctx.networkCIDR().toString(),
                      ctx.podCIDR().toString(),
                      ctx.serviceClusterIPRange().toString()));
    }
    return new NetworkingSpec.Kindnet(
        spec.version() == null ? DEFAULT_VERSION : spec.version(),
        spec.networkPolicies(),
        spec.dnsCaching(),
        spec.nat64(),
        spec.fastPathThreshold() == null ? 0 : spec.fastPathThreshold(),
        masquerade,
        spec.logLevel() == null ? 2 : spec.logLevel(),
        spec.extra());
  }

  @Override
  public List<FieldError> validate(ClusterBundle bundle) {
    List<FieldError> errors = new ArrayList<>();
    String p = "spec.networking.kindnet";
    NetworkingSpec.KindnetMasquerade m = spec.masquerade();
    if (m != null && Boolean.TRUE.equals(m.enabled()) && m.nonMasqueradeCIDRs() != null) {
      for (int i = 0; i < m.nonMasqueradeCIDRs().size(); i++) {
        String cidr = m.nonMasqueradeCIDRs().get(i);
        if (cidr == null || cidr.isEmpty() || Cidr.isIpv6(cidr)) {
          continue;
        }
        try {
          Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
          errors.add(
              FieldError.invalid(
                  p + ".masquerade.nonMasqueradeCIDRs[" + i + "]", cidr, e.getMessage()));
        }
      }
    }
    for (String option : List.of("adminNetworkPolicies", "baselineAdminNetworkPolicies")) {
      if (Boolean.TRUE.equals(spec.extra().get(option))) {
        errors.add(
            FieldError.forbidden(
                p + "." + option,
                "jkops does not install the policy.networking.k8s.io"
                    + " AdminNetworkPolicy CRDs that kindnet's "
                    + option
                    + " needs; remove the option (NetworkPolicy stays"
                    + " enforced with networkPolicies)"));
      }
    }
    if (spec.logLevel() != null && spec.logLevel() < 0) {
      errors.add(FieldError.invalid(p + ".logLevel", spec.logLevel(), "must be 0 or more"));
    }
    ProviderSupport.requireDaemonSets(bundle, "kindnet", errors);
    return errors;
  }

  @Override
  public NodeNetworkConfig nodeConfig(
      NetworkContext ctx, Instance instance, Optional<Cidr> podRange) {
    return ProviderSupport.bridgeCniNode(
        ctx, instance, podRange, "10-kindnet.conflist", "kindnet", "kindnet0", mtu(ctx));
  }

  /** No port of its own (it talks only to the API server); nodes forward pod traffic. */
  @Override
  public CloudNeeds cloudNeeds(NetworkContext ctx) {
    return new CloudNeeds(List.of(), true, List.of("ec2:ModifyInstanceAttribute"), false);
  }

  @Override
  public int mtu(NetworkContext ctx) {
    return ctx.cloud().linkMtu();
  }

  @Override
  public boolean enforcesNetworkPolicy() {
    return !Boolean.FALSE.equals(spec.networkPolicies());
  }

  @Override
  public DataPlane dataPlane(NetworkContext ctx) {
    return new DataPlane.HostRoutes(mtu(ctx));
  }

  @Override
  public Optional<AddonManifest> addon(NetworkContext ctx) {
    NetworkingSpec.Kindnet c = (NetworkingSpec.Kindnet) completedSpec(ctx);
    String image = IMAGE_REPOSITORY + ":" + c.version();
    List<String> args =
        new ArrayList<>(
            List.of("/bin/kindnetd", "--hostname-override=$(NODE_NAME)", "--v=" + c.logLevel()));
    if (c.networkPolicies() != null) {
      args.add("--network-policy=" + c.networkPolicies());
    }
    args.add("--dns-caching=" + Boolean.TRUE.equals(c.dnsCaching()));
    args.add("--nat64=" + Boolean.TRUE.equals(c.nat64()));
    args.add("--fastpath-threshold=" + c.fastPathThreshold());
    args.add("--masquerading=" + !Boolean.FALSE.equals(c.masquerade().enabled()));
    List<String> keep = c.masquerade().nonMasqueradeCIDRs();
    if (keep != null && !keep.isEmpty()) {
      args.add("--no-masquerade-cidr=" + String.join(",", keep));
    }
    StringBuilder command = new StringBuilder();
    for (String a : args) {
      command
          .append("\n            - \"")
          .append(a.replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    return Optional.of(
        AddonTemplates.networking(
            "networking.kindnet",
            "k8s-1.32",
            "kindnet.yaml",
            Map.of("image", image, "command", command.toString())));
  }
}
