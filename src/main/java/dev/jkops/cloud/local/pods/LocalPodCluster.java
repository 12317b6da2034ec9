package dev.jkops.cloud.local.pods;

import dev.jkops.api.Cidr;
import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.Instance;
import dev.jkops.model.InstanceLayout;
import dev.jkops.model.NetworkContext;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.NetworkProvider;
import dev.jkops.model.NetworkProviders;
import dev.jkops.model.ipam.IpamState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a running local cluster into a {@link PodCluster}: its nodes as the local cloud built them
 * (namespaces, pod ranges, installed CNI configs), their zones from the instance layout, and
 * whether the cluster's provider enforces NetworkPolicy.
 */
public final class LocalPodCluster {
  public static final String CLASSIC_NETWORK = "classic";

  private LocalPodCluster() {}

  /** Fails with the command to run when the cluster has not been brought up on this machine. */
  public static PodCluster of(Kernel kernel, ClusterNames names, ClusterBundle bundle) {
    List<NodeNetwork> running = new LocalNodes(kernel, names).list();
    if (running.isEmpty()) {
      List<String> left = kernel.netns().list(names.prefix());
      if (!left.isEmpty()) {
        // Instances are found through their VPC ports: with the VPC router gone (deleted behind
        // jkops' back) none reads back, though their namespaces are still there. Say that, not "not
        // running".
        boolean vpc = kernel.netns().exists(names.vpcNamespace());
        throw new PodException(
            "cluster "
                + bundle.name()
                + " is broken on this machine's local cloud: "
                + (vpc
                    ? "none of its instances is whole"
                    : "its VPC router namespace " + names.vpcNamespace() + " is missing")
                + " ("
                + left.size()
                + " of its "
                + names.prefix()
                + "* namespaces remain); something removed part of it."
                + " Repair it with 'jkops update cluster "
                + bundle.name()
                + " --yes'");
      }
      throw new PodException(
          "cluster "
              + bundle.name()
              + " is not running on this machine's local cloud (no "
              + names.prefix()
              + "* namespaces); bring it up with 'jkops update cluster "
              + bundle.name()
              + " --yes'");
    }
    NetworkProvider provider = NetworkProviders.forSpec(bundle.cluster().spec().networking());
    NetworkContext ctx = NetworkContext.of(bundle, names.cloudFacts());
    // an IPv6 cluster has no IPv4 pod range: its nodes' CNI configs route the VPC's IPv6 ranges
    List<Cidr> podRoutes =
        ctx.podCIDR() == null
            ? List.of(ctx.networkCIDR())
            : List.of(ctx.podCIDR(), ctx.networkCIDR());
    List<Instance> layout = InstanceLayout.of(bundle);
    List<NodeSite> nodes = new ArrayList<>();
    java.util.Map<String, Cidr> planned = null;
    for (NodeNetwork n : running) {
      if ("bastion".equals(n.role())) {
        continue;
      }
      PodRange range;
      if (n.podRange().isPresent()) {
        range = PodRange.parse(n.podRange().get());
      } else {
        // cni and external: no bridge yet, but the controller-manager has given the node its range
        if (planned == null) {
          planned = NetworkPlanner.plan(bundle, IpamState.empty()).ipam().podRanges();
        }
        if (!planned.containsKey(n.instance())) {
          continue;
        }
        range = PodRange.parse(planned.get(n.instance()).toString());
      }
      String zone = InstanceLayout.named(layout, n.instance()).map(Instance::zone).orElse("");
      nodes.add(
          new NodeSite(
              n.instance(),
              "masters".equals(n.role()) ? "control-plane" : "node",
              zone,
              n.namespace(),
              n.address(),
              range,
              attachment(n, provider),
              n.mtu(),
              n.ipamDataDir(),
              n.log(),
              Set.of(n.address(), range.gateway()),
              podRoutes));
    }
    return new PodCluster(
        bundle.name(),
        names.runtimeDir(),
        nodes,
        provider.enforcesNetworkPolicy(),
        names::podNamespace);
  }

  static PodAttachment attachment(NodeNetwork n, NetworkProvider provider) {
    if (n.cniConfFile().isEmpty()) {
      return new PodAttachment.NoPodNetwork(
          "network plugin not ready: no CNI config in "
              + n.cniConfDir()
              + " (networking "
              + provider.mode()
              + " leaves the pod network to a provider you install as a DaemonSet:"
              + " install one from its manifest with 'jkops apply -f flannel.yaml' (or weave, calico, ...;"
              + " see docs/apply-provider.md))");
    }
    try {
      String config = Files.readString(n.cniConfFile().get());
      return CLASSIC_NETWORK.equals(CniConfigs.networkName(config))
          ? new PodAttachment.Cbr0("cbr0")
          : new PodAttachment.Cni(config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + n.cniConfFile().get(), e);
    }
  }
}
