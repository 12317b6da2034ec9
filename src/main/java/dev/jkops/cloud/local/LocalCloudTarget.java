package dev.jkops.cloud.local;

import dev.jkops.cloud.local.handlers.InstanceFirewallHandler;
import dev.jkops.cloud.local.handlers.InstanceHandler;
import dev.jkops.cloud.local.handlers.LocalContext;
import dev.jkops.cloud.local.handlers.NodeBridgeHandler;
import dev.jkops.cloud.local.handlers.NodeCniConfigHandler;
import dev.jkops.cloud.local.handlers.NodeGenerationHandler;
import dev.jkops.cloud.local.handlers.NodePeersHandler;
import dev.jkops.cloud.local.handlers.NodeVxlanHandler;
import dev.jkops.cloud.local.handlers.ResourceHandler;
import dev.jkops.cloud.local.handlers.RouteTableHandler;
import dev.jkops.cloud.local.handlers.SubnetHandler;
import dev.jkops.cloud.local.handlers.VpcRouteHandler;
import dev.jkops.cloud.local.handlers.VpcRouterHandler;
import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.resources.InstanceFirewall;
import dev.jkops.cloud.local.resources.LocalInstance;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.NodeBridge;
import dev.jkops.cloud.local.resources.NodeCniConfig;
import dev.jkops.cloud.local.resources.NodeGeneration;
import dev.jkops.cloud.local.resources.NodePeers;
import dev.jkops.cloud.local.resources.NodeVxlan;
import dev.jkops.cloud.local.resources.RouteTable;
import dev.jkops.cloud.local.resources.Subnet;
import dev.jkops.cloud.local.resources.VpcRoute;
import dev.jkops.cloud.local.resources.VpcRouter;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.Action;
import dev.jkops.tasks.Change;
import dev.jkops.tasks.KindRegistry;
import dev.jkops.tasks.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The local cloud as the engine sees it: each resource kind handed to its handler. */
public final class LocalCloudTarget implements Target<LocalResource> {
  /**
   * How many resources are read or applied at once. Each change is a few short kernel commands (a
   * process each) in its own namespace, so while one waits for its process another can start; and
   * changes of one namespace made at once share a process ({@code BatchQueue}: the VPC's ports and
   * routes, the namespaces themselves), which needs more of them under way than the two batches a
   * namespace runs at once. Four per core, at least eight: a first 10-node update started 59
   * processes with eight where it started 70 with four (2026-12-06, docs/benchmarks.md).
   */
  public static final int PARALLELISM = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

  private final KindRegistry<LocalResource, Bound<?>> handlers;

  /** A kind's handler, with the record class that makes its calls typed. */
  private record Bound<R extends LocalResource>(Class<R> kind, ResourceHandler<R> handler) {
    Optional<LocalResource> find(LocalResource desired) {
      return handler.find(kind.cast(desired)).map(LocalResource.class::cast);
    }

    void create(LocalResource desired) {
      handler.create(kind.cast(desired));
    }

    void update(LocalResource live, LocalResource desired, List<Change> changes) {
      handler.update(kind.cast(live), kind.cast(desired), changes);
    }

    void delete(LocalResource live) {
      handler.delete(kind.cast(live));
    }

    void createTogether(List<LocalResource> desired, Target.Outcomes outcomes) {
      handler.createTogether(desired.stream().map(kind::cast).toList(), outcomes);
    }
  }

  private static <R extends LocalResource> Bound<R> bind(
      Class<R> kind, ResourceHandler<R> handler) {
    return new Bound<>(kind, handler);
  }

  public LocalCloudTarget(Kernel kernel, ClusterNames names) {
    this(kernel, names, java.util.Optional.empty());
  }

  /**
   * As {@link #LocalCloudTarget(Kernel, ClusterNames)}; a VPC router it makes gets {@code
   * vpcLoopbackAlias} (the owner's mark) in the process that makes it.
   */
  public LocalCloudTarget(
      Kernel kernel, ClusterNames names, java.util.Optional<String> vpcLoopbackAlias) {
    LocalContext ctx = new LocalContext(kernel, names);
    RouteTableHandler tables = new RouteTableHandler(ctx);
    // Registration order is the order owned() lists the kinds in.
    handlers =
        KindRegistry.<LocalResource, Bound<?>>builder(LocalResource.class, "local cloud")
            .with(
                VpcRouter.class, bind(VpcRouter.class, new VpcRouterHandler(ctx, vpcLoopbackAlias)))
            .with(Subnet.class, bind(Subnet.class, new SubnetHandler(ctx)))
            .with(RouteTable.class, bind(RouteTable.class, tables))
            .with(VpcRoute.class, bind(VpcRoute.class, new VpcRouteHandler(ctx, tables)))
            .with(LocalInstance.class, bind(LocalInstance.class, new InstanceHandler(ctx)))
            .with(
                InstanceFirewall.class,
                bind(InstanceFirewall.class, new InstanceFirewallHandler(ctx)))
            .with(NodeBridge.class, bind(NodeBridge.class, new NodeBridgeHandler(ctx)))
            .with(NodeCniConfig.class, bind(NodeCniConfig.class, new NodeCniConfigHandler(ctx)))
            .with(NodeVxlan.class, bind(NodeVxlan.class, new NodeVxlanHandler(ctx)))
            .with(NodePeers.class, bind(NodePeers.class, new NodePeersHandler(ctx)))
            .with(NodeGeneration.class, bind(NodeGeneration.class, new NodeGenerationHandler(ctx)))
            .with(
                dev.jkops.cloud.local.resources.SubnetIpv6.class,
                bind(
                    dev.jkops.cloud.local.resources.SubnetIpv6.class,
                    new dev.jkops.cloud.local.handlers.Ipv6Handlers.Subnets(ctx)))
            .with(
                dev.jkops.cloud.local.resources.InstanceIpv6.class,
                bind(
                    dev.jkops.cloud.local.resources.InstanceIpv6.class,
                    new dev.jkops.cloud.local.handlers.Ipv6Handlers.Instances(ctx)))
            .with(
                dev.jkops.cloud.local.resources.VpcIpv6Route.class,
                bind(
                    dev.jkops.cloud.local.resources.VpcIpv6Route.class,
                    new dev.jkops.cloud.local.handlers.Ipv6Handlers.Routes(ctx)))
            .with(
                dev.jkops.cloud.local.resources.SourceDestCheckIpv6.class,
                bind(
                    dev.jkops.cloud.local.resources.SourceDestCheckIpv6.class,
                    new dev.jkops.cloud.local.handlers.SourceDestCheckIpv6Handler(ctx)))
            .build();
  }

  /** The kinds with a handler, for the test that holds them to the sealed hierarchy. */
  Set<Class<?>> handledKinds() {
    return handlers.kinds();
  }

  @Override
  public Optional<LocalResource> find(LocalResource desired) {
    return handlers.of(desired).find(desired);
  }

  @Override
  public List<LocalResource> owned() {
    List<LocalResource> out = new ArrayList<>();
    for (Bound<?> b : handlers.handlers()) {
      out.addAll(b.handler().owned());
    }
    return out;
  }

  @Override
  public void create(LocalResource desired) {
    handlers.of(desired).create(desired);
  }

  @Override
  public void update(LocalResource live, LocalResource desired, List<Change> changes) {
    handlers.of(desired).update(live, desired, changes);
  }

  @Override
  public void delete(LocalResource live) {
    handlers.of(live).delete(live);
  }

  /**
   * Creates of a kind whose handler makes several at once for less (instances: their namespaces and
   * VPC ports; VPC routes: one batch per table) are handed to it together.
   */
  @Override
  public boolean appliesTogether(Action<LocalResource> change) {
    return change instanceof Action.Create<LocalResource> c
        && handlers.of(c.desired()).handler().createsTogether();
  }

  @Override
  public void applyTogether(List<Action<LocalResource>> changes, Outcomes outcomes) {
    if (!changes.stream().allMatch(this::appliesTogether)
        || changes.stream().map(c -> c.id().kind()).distinct().count() != 1) {
      Target.super.applyTogether(changes, outcomes);
      return;
    }
    List<LocalResource> desired =
        changes.stream().map(c -> ((Action.Create<LocalResource>) c).desired()).toList();
    handlers.of(desired.get(0)).createTogether(desired, outcomes);
  }
}
