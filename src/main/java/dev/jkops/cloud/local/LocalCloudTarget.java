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
import dev.jkops.cloud.local.resources.Instance;
import dev.jkops.cloud.local.resources.InstanceFirewall;
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
import dev.jkops.tasks.Change;
import dev.jkops.tasks.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The local cloud as the engine sees it: each resource kind handed to its handler. */
public final class LocalCloudTarget implements Target<LocalResource> {
  private final VpcRouterHandler vpcs;
  private final SubnetHandler subnets;
  private final RouteTableHandler tables;
  private final VpcRouteHandler routes;
  private final InstanceHandler instances;
  private final InstanceFirewallHandler firewalls;
  private final NodeBridgeHandler bridges;
  private final NodeCniConfigHandler cniConfigs;
  private final NodeVxlanHandler vxlans;
  private final NodePeersHandler peers;
  private final NodeGenerationHandler generations;

  public LocalCloudTarget(Kernel kernel, ClusterNames names) {
    LocalContext ctx = new LocalContext(kernel, names);
    vpcs = new VpcRouterHandler(ctx);
    subnets = new SubnetHandler(ctx);
    tables = new RouteTableHandler(ctx);
    routes = new VpcRouteHandler(ctx, tables);
    instances = new InstanceHandler(ctx);
    firewalls = new InstanceFirewallHandler(ctx);
    bridges = new NodeBridgeHandler(ctx);
    cniConfigs = new NodeCniConfigHandler(ctx);
    vxlans = new NodeVxlanHandler(ctx);
    peers = new NodePeersHandler(ctx);
    generations = new NodeGenerationHandler(ctx);
  }

  @Override public Optional<LocalResource> find(LocalResource desired) {
    return Optional.ofNullable(on(desired, new Call() {
      @Override public <R extends LocalResource> Object run(ResourceHandler<R> h, R r) {
        return h.find(r).orElse(null);
      }
    })).map(LocalResource.class::cast);
  }

  @Override public List<LocalResource> owned() {
    List<LocalResource> out = new ArrayList<>();
    out.addAll(vpcs.owned());
    out.addAll(subnets.owned());
    out.addAll(tables.owned());
    out.addAll(routes.owned());
    out.addAll(instances.owned());
    out.addAll(firewalls.owned());
    out.addAll(bridges.owned());
    out.addAll(cniConfigs.owned());
    out.addAll(vxlans.owned());
    out.addAll(peers.owned());
    out.addAll(generations.owned());
    return out;
  }

  @Override public void create(LocalResource desired) {
    on(desired, new Call() {
      @Override public <R extends LocalResource> Object run(ResourceHandler<R> h, R r) {
        h.create(r);
        return null;
      }
    });
  }

  @Override public void update(LocalResource live, LocalResource desired, List<Change> changes) {
    on(desired, new Call() {
      @SuppressWarnings("unchecked")
      @Override public <R extends LocalResource> Object run(ResourceHandler<R> h, R r) {
        h.update((R) live, r, changes);
        return null;
      }
    });
  }

  @Override public void delete(LocalResource live) {
    on(live, new Call() {
      @Override public <R extends LocalResource> Object run(ResourceHandler<R> h, R r) {
        h.delete(r);
        return null;
      }
    });
  }

  /** One handler call, typed by the resource's record. */
  private interface Call {
    <R extends LocalResource> Object run(ResourceHandler<R> handler, R resource);
  }

  private Object on(LocalResource r, Call call) {
    if (r instanceof VpcRouter v) {
      return call.run(vpcs, v);
    } else if (r instanceof Subnet s) {
      return call.run(subnets, s);
    } else if (r instanceof RouteTable t) {
      return call.run(tables, t);
    } else if (r instanceof VpcRoute vr) {
      return call.run(routes, vr);
    } else if (r instanceof Instance i) {
      return call.run(instances, i);
    } else if (r instanceof InstanceFirewall f) {
      return call.run(firewalls, f);
    } else if (r instanceof NodeBridge b) {
      return call.run(bridges, b);
    } else if (r instanceof NodeCniConfig c) {
      return call.run(cniConfigs, c);
    } else if (r instanceof NodeVxlan x) {
      return call.run(vxlans, x);
    } else if (r instanceof NodePeers p) {
      return call.run(peers, p);
    } else if (r instanceof NodeGeneration g) {
      return call.run(generations, g);
    }
    throw new IllegalStateException("no handler for " + r.getClass().getSimpleName());
  }
}
