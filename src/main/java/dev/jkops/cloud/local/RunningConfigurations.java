package dev.jkops.cloud.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSpecBuilder;
import dev.jkops.api.KubeProxyConfig;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.local.design.LocalCloudException;
import dev.jkops.cloud.local.design.NodeGenerations;
import dev.jkops.cloud.local.handlers.NodeGenerationHandler;
import dev.jkops.cloud.local.resources.NodeGeneration;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.AddonManifest;
import dev.jkops.model.CloudFacts;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.NodeConfigHash;
import dev.jkops.model.ipam.IpamState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads which configuration each instance runs from the records its creation left, and plans the
 * older configurations again (same pod ranges, the recorded networking and Kubernetes version) so
 * those instances keep running them until rolling-update replaces them.
 */
final class RunningConfigurations {
  static final java.util.Set<String> USER_INSTALLED = java.util.Set.of("cni", "external");
  private final ClusterBundle stored;
  private final NetworkPlan current;
  private final CloudFacts facts;
  private final Map<String, NetworkPlan> byRecord = new HashMap<>();

  RunningConfigurations(ClusterBundle stored, NetworkPlan current, CloudFacts facts) {
    this.stored = stored;
    this.current = current;
    this.facts = facts;
  }

  NodeGenerations read(NodeGenerationHandler records) {
    Map<String, NetworkPlan> running = new LinkedHashMap<>();
    for (Instance i : current.instances()) {
      Optional<NodeGeneration> rec = records.read(i.name());
      // cni and external nodes run no provider of jkops': one installed with apply -f comes onto
      // them
      // as a DaemonSet would, without replacing them.
      boolean userInstalled = rec.isPresent() && USER_INSTALLED.contains(rec.get().mode());
      if (rec.isPresent()
          && !userInstalled
          && !rec.get().hash().equals(NodeConfigHash.of(current, i.name()))) {
        running.put(
            i.name(),
            byRecord.computeIfAbsent(
                rec.get().networking()
                    + "\n"
                    + rec.get().kubeProxy()
                    + "\n"
                    + rec.get().kubernetesVersion(),
                k -> planFor(rec.get())));
      }
    }
    return new NodeGenerations(current, running);
  }

  private NetworkPlan planFor(NodeGeneration rec) {
    try {
      List<JsonNode> trees = YamlCodec.readTrees(rec.networking());
      ClusterSpecBuilder b = stored.cluster().spec().toBuilder();
      b.networking = YamlCodec.fromTree(trees.get(0), NetworkingSpec.class);
      b.kubernetesVersion = rec.kubernetesVersion();
      // The node ran with the kube-proxy setting of its networking (kube-router, or cilium's node
      // port mode, run without it); a switch away from them turns it back on in the current spec.
      // Records from before this was kept have none: the current setting is the best there is.
      if (!rec.kubeProxy().isEmpty()) {
        b.kubeProxy =
            YamlCodec.fromTree(YamlCodec.readTrees(rec.kubeProxy()).get(0), KubeProxyConfig.class);
      }
      ClusterBundle old =
          new ClusterBundle(stored.cluster().withSpec(b.build()), stored.instanceGroups());
      Cluster completed = ClusterCompletion.complete(old);
      return NetworkPlanner.plan(
          new ClusterBundle(completed, stored.instanceGroups()),
          // the pod ranges and IPv6 node prefixes the nodes hold now: an older configuration of
          // the same cluster keeps them
          new IpamState(current.ipam().podRanges(), current.ipam().ipv6NodePrefixes()),
          facts);
    } catch (IOException | RuntimeException e) {
      throw new LocalCloudException(
          "instance "
              + rec.instance()
              + " records that it runs "
              + rec.mode()
              + " ("
              + rec.path()
              + "), which cannot be planned again: "
              + e.getMessage()
              + ". Replace it with 'jkops rolling-update cluster "
              + stored.name()
              + " --yes --force --instance-group"
              + " <its group>' or delete that file to treat it as current");
    }
  }

  /**
   * The record each instance should carry: its own while it runs an older configuration, else the
   * current one.
   */
  static List<NodeGeneration> records(
      ClusterNames names,
      Cluster completed,
      NodeGenerations generations,
      NodeGenerationHandler live) {
    List<NodeGeneration> out = new ArrayList<>();
    NetworkPlan current = generations.current();
    String networking = YamlCodec.toYaml(completed.spec().networking());
    String kubeProxy =
        completed.spec().kubeProxy() == null ? "" : YamlCodec.toYaml(completed.spec().kubeProxy());
    for (Instance i : current.instances()) {
      if (generations.needsUpdate(i.name())) {
        live.read(i.name()).ifPresent(out::add);
      } else {
        out.add(
            new NodeGeneration(
                names,
                i.name(),
                NodeConfigHash.of(current, i.name()),
                current.mode(),
                networking,
                completed.spec().kubernetesVersion(),
                kubeProxy));
      }
    }
    return out;
  }

  /**
   * What the user is about to get: from which mode to which, the addons out and in, and what
   * rolling-update does.
   */
  static String switchSummary(NodeGenerations g, String cluster) {
    List<String> from =
        g.running().values().stream().map(NetworkPlan::mode).distinct().sorted().toList();
    List<String> out =
        g.running().values().stream()
            .flatMap(p -> p.addons().stream())
            .map(AddonManifest::name)
            .distinct()
            .filter(n -> g.current().addons().stream().noneMatch(a -> a.name().equals(n)))
            .sorted()
            .toList();
    List<String> in = g.current().addons().stream().map(AddonManifest::name).sorted().toList();
    return "switch "
        + String.join("+", from)
        + " -> "
        + g.current().mode()
        + " ("
        + dev.jkops.cloud.local.design.TransitionDesign.kind(g.current()).words()
        + "); addon out: "
        + (out.isEmpty() ? "none" : String.join(", ", out))
        + "; addon in: "
        + (in.isEmpty() ? "none" : String.join(", ", in))
        + "; node configuration: "
        + g.outdated().size()
        + " of "
        + g.current().instances().size()
        + " instances need update; 'jkops rolling-update cluster "
        + cluster
        + " --yes' moves them";
  }
}
