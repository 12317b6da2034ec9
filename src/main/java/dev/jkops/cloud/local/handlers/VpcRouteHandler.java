package dev.jkops.cloud.local.handlers;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.kernel.KernelRoute;
import dev.jkops.cloud.local.resources.RouteTable;
import dev.jkops.cloud.local.resources.VpcRoute;
import dev.jkops.tasks.TaskException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes in the VPC's route tables. Like AWS, the VPC itself refuses a route past its table's quota
 * (RouteLimitExceeded), whatever the model planned.
 */
public final class VpcRouteHandler implements ResourceHandler<VpcRoute> {
  private final LocalContext ctx;
  private final RouteTableHandler tables;

  public VpcRouteHandler(LocalContext ctx, RouteTableHandler tables) {
    this.ctx = ctx;
    this.tables = tables;
  }

  @Override
  public Optional<VpcRoute> find(VpcRoute desired) {
    return owned().stream().filter(r -> r.id().equals(desired.id())).findFirst();
  }

  @Override
  public List<VpcRoute> owned() {
    List<VpcRoute> out = new ArrayList<>();
    if (!ctx.vpcExists()) {
      return out;
    }
    Map<String, String> instanceAt = new HashMap<>();
    for (Map<String, String> alias : ctx.labelledVpcLinks("instance").values()) {
      instanceAt.put(alias.get("address"), alias.get("instance"));
    }
    for (RouteTable t : tables.owned()) {
      for (KernelRoute r : ctx.vpc().routes(t.number())) {
        out.add(
            new VpcRoute(
                ctx.names(),
                t.name(),
                t.number(),
                Cidr.parse(r.destination()),
                instanceAt.getOrDefault(r.via(), "unknown"),
                r.via()));
      }
    }
    return out;
  }

  /**
   * The quota check and the add are one step: the local cloud applies in parallel, and two routes
   * counted before either was added would both pass a quota that has room for one.
   */
  @Override
  public synchronized void create(VpcRoute r) {
    int quota = tables.quotaOf(r.tableNumber());
    int used = ctx.vpc().routes(r.tableNumber()).size();
    if (used >= quota) {
      throw new TaskException(
          "RouteLimitExceeded: route table "
              + r.table()
              + " already holds "
              + used
              + " routes, its quota; the route "
              + r.destination()
              + " -> "
              + r.instance()
              + " was not added, so"
              + " pods on "
              + r.instance()
              + " are unreachable from other nodes. Raise spec.cloudConfig.routeTableQuota"
              + " (AWS allows up to 1000), or use a CNI provider that needs no routes");
    }
    ctx.vpc()
        .replaceRoute(
            KernelRoute.via(r.destination().toString(), r.nextHop()).inTable(r.tableNumber()));
  }

  @Override
  public void update(VpcRoute live, VpcRoute desired, List<dev.jkops.tasks.Change> changes) {
    ctx.vpc()
        .replaceRoute(
            KernelRoute.via(desired.destination().toString(), desired.nextHop())
                .inTable(desired.tableNumber()));
  }

  @Override
  public void delete(VpcRoute live) {
    if (ctx.vpcExists()) {
      ctx.vpc()
          .deleteRoute(
              KernelRoute.via(live.destination().toString(), live.nextHop())
                  .inTable(live.tableNumber()));
    }
  }
}
