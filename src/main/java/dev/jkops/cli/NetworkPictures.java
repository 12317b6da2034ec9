package dev.jkops.cli;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.store.ClusterStore;
import dev.jkops.cloud.local.LocalNetworkPicture;
import dev.jkops.cloud.local.Prerequisites;
import dev.jkops.cloud.local.design.LocalCloudException;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.cloud.picture.DotGraph;
import dev.jkops.cloud.picture.NetworkPicture;
import dev.jkops.cloud.picture.PlanPicture;
import dev.jkops.model.CloudFacts;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.NetworkProviders;
import dev.jkops.model.ipam.IpamStore;
import java.util.Map;
import java.util.Optional;

/**
 * Which picture {@code get networking -o dot} draws: a local cluster that is up is read from the
 * machine (so the picture shows what {@code validate cluster} probes); otherwise, and on AWS, the
 * plan. The graph's title says which one it is.
 */
final class NetworkPictures {
  private NetworkPictures() {}

  static String dot(ClusterStore clusters, ClusterStore.Stored stored, ClusterBundle completed, NetworkPlan plan,
      Map<String, String> env) {
    return DotGraph.render(picture(clusters, stored, completed, plan, env));
  }

  static NetworkPicture picture(ClusterStore clusters, ClusterStore.Stored stored, ClusterBundle completed,
      NetworkPlan plan, Map<String, String> env) {
    String name = stored.cluster().name();
    var subnets = completed.cluster().spec().subnetsOrEmpty();
    if ("aws".equals(stored.cluster().spec().cloudProvider())) {
      return PlanPicture.of(plan, completed.cluster().spec(), true, name + ": " + plan.mode() + " on AWS, as planned"
          + " (from the spec, not read from AWS)");
    }
    ClusterNames names = ClusterNames.of(name, env);
    boolean root = Prerequisites.isRoot();
    if (root && LocalNetworkPicture.isUp(Kernel.system(), names)) {
      // the provider that runs (apply -f on cni/external), from the one record every command reads
      String mode = NetworkProviders.forSpec(dev.jkops.cloud.local.provider.InstalledProvider.effective(
          stored.cluster().spec().networking(), names)).mode();
      return LocalNetworkPicture.live(Kernel.system(), names, subnets,
          plan.networkCIDR().toString(), name + ": " + mode + ", live on the local cloud (read from this machine)");
    }
    String why = root ? "not built on this machine; 'jkops update cluster " + name + " --yes' builds it"
        : "reading the live network needs root";
    NetworkPlan local = NetworkPlanner.plan(completed, new IpamStore(clusters.stateStore()).load(name),
        CloudFacts.forCloud("local").withExistingRoutes(0, Optional.of(name)));
    String title = name + ": " + local.mode() + " on the local cloud, as planned (" + why + ")";
    try {
      return LocalNetworkPicture.planned(names, local, subnets, title);
    } catch (LocalCloudException e) {
      return PlanPicture.of(local, completed.cluster().spec(), false, name + ": " + local.mode() + ", as planned; the local cloud"
          + " cannot build it: " + e.getMessage());
    }
  }
}
