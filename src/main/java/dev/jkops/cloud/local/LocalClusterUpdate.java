package dev.jkops.cloud.local;

import dev.jkops.api.Cluster;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSpecBuilder;
import dev.jkops.api.ClusterValidator;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.api.store.StateStore;
import dev.jkops.cloud.local.design.LocalDesign;
import dev.jkops.cloud.local.design.NodeGenerations;
import dev.jkops.cloud.local.handlers.LocalContext;
import dev.jkops.cloud.local.handlers.NodeGenerationHandler;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.provider.InstalledProvider;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.model.ClusterCompletion;
import dev.jkops.model.CloudFacts;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NetworkPlanner;
import dev.jkops.model.addon.ClusterArtifactsWriter;
import dev.jkops.model.ipam.IpamStore;
import dev.jkops.tasks.Engine;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code update cluster} on the local cloud: complete the spec, plan the network with the model
 * (pod ranges from the state store), design the local resources, and diff them against the
 * machine. {@link #apply} then saves the pod ranges, converges, and publishes the completed spec
 * and addons in kops' layout. Planning writes nothing anywhere.
 */
public final class LocalClusterUpdate {

  /** What an update would do: the plan, the changes, and notes on how the local cloud realises it. */
  public record Preview(Cluster completed, NetworkPlan network, Plan<LocalResource> changes,
      List<LocalResource> desired, List<String> notes, List<String> warnings, NodeGenerations generations) {}

  private final Kernel kernel;
  private final StateStore store;
  private final java.util.Map<String, String> env;

  /** {@code env} may name the runtime dir base ({@code JKOPS_RUNTIME_DIR}). */
  public LocalClusterUpdate(Kernel kernel, StateStore store, java.util.Map<String, String> env) {
    this.kernel = kernel;
    this.store = store;
    this.env = java.util.Map.copyOf(env);
  }

  public Preview preview(ClusterBundle stored) {
    return preview(stored, Optional.empty());
  }

  /**
   * As {@link #preview(ClusterBundle)}, planning a cni or external cluster with {@code provider}
   * (or the provider recorded by an earlier {@code apply -f}) as the networking the nodes run.
   */
  public Preview preview(ClusterBundle stored, Optional<NetworkingSpec> provider) {
    ClusterNames runtimeNames = ClusterNames.of(stored.name(), env);
    NetworkingSpec declared = stored.cluster().spec().networking();
    if (InstalledProvider.userInstalls(declared)) {
      NetworkingSpec running = provider.orElseGet(() -> InstalledProvider.effective(declared, runtimeNames));
      ClusterSpecBuilder b = stored.cluster().spec().toBuilder();
      b.networking = running;
      stored = new ClusterBundle(stored.cluster().withSpec(b.build()), stored.instanceGroups());
    }
    Cluster completed = ClusterCompletion.complete(stored);
    ClusterBundle bundle = new ClusterBundle(completed, stored.instanceGroups());
    ClusterValidator.check(bundle);
    ClusterNames names = ClusterNames.of(bundle.name(), env);
    CloudFacts facts = CloudFacts.forCloud("local").withExistingRoutes(0, Optional.of(bundle.name()));
    NetworkPlan network = NetworkPlanner.plan(bundle, new IpamStore(store).load(bundle.name()), facts);
    NodeGenerationHandler records = new NodeGenerationHandler(new LocalContext(kernel, names));
    NodeGenerations generations = new RunningConfigurations(stored, network, facts).read(records);
    LocalDesign.Result design = LocalDesign.of(names, generations, completed.spec().subnetsOrEmpty());
    List<LocalResource> desired = new ArrayList<>(design.resources());
    desired.addAll(RunningConfigurations.records(names, completed, generations, records));
    LocalCloud cloud = new LocalCloud(kernel, names);
    Plan<LocalResource> changes = cloud.plan(desired);
    List<String> warnings = new ArrayList<>(ClusterValidator.warnings(bundle));
    warnings.addAll(network.warnings());
    List<String> notes = new ArrayList<>(design.notes());
    if (generations.mixed()) {
      notes.add(0, RunningConfigurations.switchSummary(generations, bundle.name()));
    }
    return new Preview(completed, network, changes, List.copyOf(desired), notes, warnings, generations);
  }

  /** Applies a preview made moments ago; returns the state store paths it wrote. */
  public List<String> apply(Preview p, ProgressListener progress) {
    new IpamStore(store).save(p.completed().name(), p.network().ipam());
    LocalCloud cloud = new LocalCloud(kernel, ClusterNames.of(p.completed().name(), env));
    Engine.apply(p.changes(), cloud.target(), progress);
    return new ClusterArtifactsWriter(store).write(p.completed(), p.network().addons());
  }
}
