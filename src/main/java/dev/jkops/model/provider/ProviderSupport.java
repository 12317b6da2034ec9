package dev.jkops.model.provider;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.FieldError;
import dev.jkops.api.KubernetesVersion;
import dev.jkops.model.CloudFacts;
import dev.jkops.model.CniConfigFile;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkContext;
import dev.jkops.model.NodeNetworkConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What several providers share: kubelet flags, kops' kubenet-style CNI file, common checks. */
final class ProviderSupport {
  /** VXLAN over IPv4 costs 50 bytes (facts section 5). */
  static final int VXLAN_OVERHEAD = 50;

  /** IP-in-IP costs 20 bytes. */
  static final int IPIP_OVERHEAD = 20;

  /** The name kops gives the kubenet-style conflist under containerd. */
  static final String KUBENET_CONFLIST = "10-kubenet.conflist";

  private ProviderSupport() {}

  /** Bastions run no kubelet: they get no networking configuration at all. */
  static NodeNetworkConfig bastion(Instance instance) {
    return new NodeNetworkConfig(
        instance.name(),
        Optional.empty(),
        Map.of(),
        List.of(),
        Optional.empty(),
        false,
        Optional.empty());
  }

  /**
   * Kubelet flags of a pre-1.24 node: --network-plugin and, for kubenet, its MTU and masquerade
   * range.
   */
  static Map<String, String> kubeletFlags(NetworkContext ctx, String plugin, int mtu) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("network-plugin", plugin);
    if ("kubenet".equals(plugin)) {
      flags.put("network-plugin-mtu", Integer.toString(mtu));
    } else {
      flags.put("cni-bin-dir", CniConfigFile.BIN_DIRECTORY);
      flags.put("cni-conf-dir", CniConfigFile.DIRECTORY);
    }
    flags.put("non-masquerade-cidr", ctx.nonMasqueradeCIDR().toString());
    return flags;
  }

  /**
   * kops' kubenet-style conflist under containerd: a bridge {@code cbr0} on the node's pod range
   * with host-local, then portmap. ipMasq is off: masquerading happens on the node for traffic
   * leaving the non-masquerade CIDR only, as kops' nodeup arranges with one iptables rule.
   */
  static CniConfigFile kubenetConflist(Cidr podRange, int mtu) {
    return new CniConfigFile(KUBENET_CONFLIST, bridgeConflist("kubenet", "cbr0", podRange, mtu));
  }

  /**
   * A bridge + host-local + portmap conflist: the shape every overlay's own CNI plugin delegates
   * to.
   */
  static String bridgeConflist(String network, String bridge, Cidr podRange, int mtu) {
    return """
        {
          "cniVersion": "0.4.0",
          "name": "${network}",
          "plugins": [
            {
              "type": "bridge",
              "bridge": "${bridge}",
              "mtu": ${mtu},
              "isGateway": true,
              "ipMasq": false,
              "hairpinMode": true,
              "ipam": {
                "type": "host-local",
                "ranges": [[{"subnet": "${subnet}", "gateway": "${gateway}"}]],
                "routes": [{"dst": "0.0.0.0/0"}]
              }
            },
            {"type": "portmap", "capabilities": {"portMappings": true}, "snat": true}
          ]
        }
        """
        // replace, not formatted(): java.util.Formatter's first use loads the locale's number
        // formats, a few ms of every cold get networking and update (docs/benchmarks.md)
        .replace("${network}", network)
        .replace("${bridge}", bridge)
        .replace("${mtu}", Integer.toString(mtu))
        .replace("${subnet}", podRange.toString())
        .replace("${gateway}", podRange.addressString(1));
  }

  /**
   * A node on a kubenet-style provider (kubenet, external, kopeio): flags before 1.24, the conflist
   * after.
   */
  static NodeNetworkConfig kubenetStyleNode(
      NetworkContext ctx, Instance instance, Optional<Cidr> range, int mtu) {
    if (range.isEmpty()) {
      return bastion(instance);
    }
    if (hasNetworkPluginFlags(ctx)) {
      return new NodeNetworkConfig(
          instance.name(),
          range,
          kubeletFlags(ctx, "kubenet", mtu),
          List.of(),
          Optional.empty(),
          false,
          Optional.of(ctx.nonMasqueradeCIDR()));
    }
    return new NodeNetworkConfig(
        instance.name(),
        range,
        Map.of(),
        List.of(kubenetConflist(range.get(), mtu)),
        Optional.empty(),
        false,
        Optional.of(ctx.nonMasqueradeCIDR()));
  }

  /**
   * A node on a CNI provider: {@code --network-plugin=cni} before 1.24, and the conflist the
   * provider's agent installs once its DaemonSet runs (empty for cni and external).
   */
  static NodeNetworkConfig cniNode(
      NetworkContext ctx,
      Instance instance,
      Optional<Cidr> range,
      Optional<CniConfigFile> providerCni) {
    if (range.isEmpty()) {
      return bastion(instance);
    }
    Map<String, String> flags = hasNetworkPluginFlags(ctx) ? kubeletFlags(ctx, "cni", 0) : Map.of();
    return new NodeNetworkConfig(
        instance.name(), range, flags, List.of(), providerCni, false, Optional.empty());
  }

  /**
   * A node on a CNI provider whose agent installs a {@link #bridgeConflist} on the node's pod
   * range: calico, canal, flannel, kindnet, kube-router, romana and weave differ only in the
   * file's, the network's and the bridge's names.
   */
  static NodeNetworkConfig bridgeCniNode(
      NetworkContext ctx,
      Instance instance,
      Optional<Cidr> range,
      String conflist,
      String network,
      String bridge,
      int mtu) {
    Optional<CniConfigFile> cni =
        range.map(r -> new CniConfigFile(conflist, bridgeConflist(network, bridge, r, mtu)));
    return cniNode(ctx, instance, range, cni);
  }

  /** The DaemonSet-installed providers need Kubernetes 1.4 or later (the seed's rule). */
  static void requireDaemonSets(ClusterBundle bundle, String key, List<FieldError> errors) {
    KubernetesVersion v = version(bundle);
    if (!v.isAtLeast(1, 4)) {
      errors.add(
          FieldError.forbidden(
              "spec.kubernetesVersion",
              "networking "
                  + key
                  + " installs itself as a"
                  + " DaemonSet, which needs Kubernetes 1.4 or later; the cluster runs "
                  + v));
    }
  }

  /**
   * kubenet and classic need one route table for the whole cluster; private topology has one per
   * zone.
   */
  static void refusePrivateTopology(ClusterBundle bundle, String key, List<FieldError> errors) {
    if (NetworkContext.isPrivateTopology(bundle.cluster().spec())) {
      errors.add(
          FieldError.forbidden(
              "spec.networking." + key,
              key
                  + " needs a single route table for the"
                  + " whole cluster, and a private topology has one per zone (each with its own NAT gateway); use"
                  + " a CNI provider such as calico, flannel, canal, weave or kopeio-vxlan, or public subnets"));
    }
  }

  /** Checks an optional MTU option against the link it runs over. */
  static void checkMtu(
      Integer mtu, String path, ClusterBundle bundle, int overhead, List<FieldError> errors) {
    int link = CloudFacts.forCloud(bundle.cluster().spec().cloudProvider()).linkMtu();
    if (mtu != null && (mtu < 576 || mtu > link - overhead)) {
      errors.add(
          FieldError.invalid(
              path,
              mtu,
              "must be between 576 and "
                  + (link - overhead)
                  + " (the link MTU "
                  + link
                  + " less "
                  + overhead
                  + " bytes of encapsulation)"));
    }
  }

  /** The version of the bundle's spec, or the default when it is missing or unreadable. */
  static KubernetesVersion version(ClusterBundle bundle) {
    return NetworkContext.version(bundle.cluster().spec());
  }

  /**
   * Before Kubernetes 1.24 the kubelet takes --network-plugin and friends; after, CNI files only.
   */
  static boolean hasNetworkPluginFlags(NetworkContext ctx) {
    return !ctx.kubernetesVersion().isAtLeast(1, 24);
  }
}
