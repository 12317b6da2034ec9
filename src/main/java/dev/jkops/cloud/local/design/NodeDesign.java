package dev.jkops.cloud.local.design;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.NodeBridge;
import dev.jkops.cloud.local.resources.NodeCniConfig;
import dev.jkops.cloud.local.resources.NodePeers;
import dev.jkops.cloud.local.resources.NodeVxlan;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.CniConfigFile;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NodeNetworkConfig;
import dev.jkops.tasks.ResourceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Each node's own pod network pieces: the CNI config files its kubelet (or the provider's agent)
 * would install, written to the node's conf dir, and the bridge they use, built up front with the
 * pod range's gateway so routes to the range can be proved before any pod runs.
 */
final class NodeDesign {
  static final String KUBENET_FILE = "10-kubenet.conflist";
  static final String CLASSIC_FILE = "10-classic-cbr0.conflist";

  private NodeDesign() {}

  static List<LocalResource> resources(ClusterNames names, NetworkPlan plan) {
    List<LocalResource> out = new ArrayList<>();
    List<String> clusterRanges = List.of(plan.podCIDR().toString(), plan.networkCIDR().toString());
    // a node's network is ready (its CNI file written) once every node can reach its pods
    Set<String> everyNodesPeers = Set.of(NodePeers.KIND);
    Map<String, NodeNetworkConfig> configs = new HashMap<>();
    plan.nodeConfigs().forEach(c -> configs.putIfAbsent(c.instance(), c));
    for (Instance i : plan.instances()) {
      Optional<Cidr> range = plan.podRange(i.name());
      Optional<NodeNetworkConfig> config = Optional.ofNullable(configs.get(i.name()));
      if (range.isEmpty() || config.isEmpty()) {
        continue;
      }
      List<CniConfigFile> files = files(config.get(), range.get(), plan.mtu());
      String bridge = config.get().configureCbr0() ? "cbr0" : null;
      for (CniConfigFile f : files) {
        String content =
            CniConfForNode.adapt(f.content(), names.nodeIpamDir(i.name()), clusterRanges);
        Set<ResourceId> readyAfter =
            Set.of(
                new ResourceId(NodeBridge.KIND, i.name()),
                new ResourceId(NodeVxlan.KIND, i.name()));
        out.add(new NodeCniConfig(names, i.name(), f.name(), content, readyAfter, everyNodesPeers));
        if (bridge == null) {
          bridge = CniConfForNode.bridgeName(f.content()).orElse(null);
        }
      }
      if (bridge != null) {
        out.add(
            new NodeBridge(
                names,
                i.name(),
                bridge,
                range.get().addressString(1) + "/" + range.get().prefix(),
                plan.mtu()));
      }
    }
    return out;
  }

  /**
   * The files a node gets: the model's (kubenet-style conflist from Kubernetes 1.24, or the
   * provider's own). Before 1.24 a kubenet kubelet builds the same bridge + host-local network from
   * its flags, so the node gets that config; classic's kubelet builds cbr0 itself and the container
   * runtime attaches containers to it, which the same bridge plugin reproduces.
   */
  static List<CniConfigFile> files(NodeNetworkConfig config, Cidr range, int mtu) {
    List<CniConfigFile> files = new ArrayList<>(config.cniFiles());
    config.providerCni().ifPresent(files::add);
    if (files.isEmpty() && config.configureCbr0()) {
      files.add(new CniConfigFile(CLASSIC_FILE, bridgeConf("classic", range, mtu)));
    } else if (files.isEmpty() && "kubenet".equals(config.kubeletFlags().get("network-plugin"))) {
      files.add(new CniConfigFile(KUBENET_FILE, bridgeConf("kubenet", range, mtu)));
    }
    return files;
  }

  static String bridgeConf(String network, Cidr range, int mtu) {
    // Locale.ROOT: the numbers in ASCII digits whatever the user's locale (under ar-EG, "%d" writes
    // Arabic-Indic digits, and the CNI plugin would refuse the file as JSON)
    return String.format(
        java.util.Locale.ROOT,
        """
        {"cniVersion": "0.4.0", "name": "%s", "plugins": [
          {"type": "bridge", "bridge": "cbr0", "mtu": %d, "isGateway": true, "ipMasq": false, "hairpinMode": true,
           "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s", "gateway": "%s"}]]}}]}
        """,
        network,
        mtu,
        range,
        range.addressString(1));
  }
}
