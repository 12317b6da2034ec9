package dev.jkops.cloud.local.handlers;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.kernel.KernelRoute;
import dev.jkops.cloud.local.resources.RouteTable;
import dev.jkops.cloud.local.resources.VpcRoute;
import dev.jkops.tasks.Target;
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
   * Routes in each table as counted when this handler first added to it (one listing per table, not
   * one per route), plus what it added since; guarded by {@code this}. Dropped whenever a route or
   * a table is deleted or changed, so the next add counts again.
   */
  private final Map<Integer, Integer> counted = new HashMap<>();

  /** Adds under way per table: they hold a place of the quota until they finish. */
  private final Map<Integer, Integer> adding = new HashMap<>();

  /** {@link RouteTableHandler#changes()} when {@link #counted} was last emptied. */
  private long tableChangesCounted = -1;

  /** Bumped whenever {@link #counted} is emptied: an add that began before counts no more. */
  private long countsGeneration;

  /**
   * The quota check holds a place for the route before it is added, so routes added in parallel
   * (the local cloud applies several at once) never pass a quota that has room for fewer: the check
   * and the add are one step, as before, but the adds themselves run at once. A route that would
   * fill the last place while another add is under way waits for it, since that add may fail and
   * free its place.
   */
  @Override
  public void create(VpcRoute r) {
    int table = r.tableNumber();
    long generation;
    synchronized (this) {
      forgetCountsIfTablesChanged();
      int quota = tables.quotaOf(table);
      while (true) {
        Integer used = countedOrCount(table);
        int pending = adding.getOrDefault(table, 0);
        if (used != null && used + pending < quota) {
          break;
        }
        if (used != null && pending == 0) {
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
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TaskException("interrupted while adding the route " + r.destination());
        }
      }
      adding.merge(table, 1, Integer::sum);
      generation = countsGeneration;
    }
    boolean added = false;
    try {
      ctx.vpc()
          .replaceRoute(KernelRoute.via(r.destination().toString(), r.nextHop()).inTable(table));
      added = true;
    } finally {
      release(table, 1, added ? 1 : 0, generation);
    }
  }

  /** Empties the counts when a table was made, changed or deleted since they were taken. */
  private void forgetCountsIfTablesChanged() {
    assert Thread.holdsLock(this);
    if (tableChangesCounted != tables.changes()) {
      forgetCounts();
      tableChangesCounted = tables.changes();
    }
  }

  /**
   * The routes counted in {@code table}, listing them now when they are not counted and no add to
   * the table is under way (so none is counted twice); null while adds are under way uncounted.
   */
  private Integer countedOrCount(int table) {
    assert Thread.holdsLock(this);
    Integer used = counted.get(table);
    if (used == null && adding.getOrDefault(table, 0) == 0) {
      used = ctx.vpc().routes(table).size();
      counted.put(table, used);
    }
    return used;
  }

  /**
   * Gives back the {@code held} places of adds to {@code table} that have ended, {@code added} of
   * them made, counting those unless the counts were emptied since the places were held, and wakes
   * the adds waiting for a place.
   */
  private synchronized void release(int table, int held, int added, long generation) {
    adding.merge(table, -held, Integer::sum);
    if (generation == countsGeneration) {
      counted.computeIfPresent(table, (t, c) -> c + added);
    }
    notifyAll();
  }

  @Override
  public boolean createsTogether() {
    return true;
  }

  /**
   * Routes handed over at once (the routes of the instances that finished together): for each
   * table, the quota is counted as {@link #create} counts it, a place held for each route that
   * fits, and those routes are added in one {@code ip -batch} in the VPC, each with its own outcome
   * (ip stops at a failing line; the routes after it go in the next process). A route the quota has
   * no place for yet takes {@link #create}'s own path, which waits for adds under way or refuses it
   * with RouteLimitExceeded.
   */
  @Override
  public void createTogether(List<VpcRoute> routes, Target.Outcomes outcomes) {
    Map<Integer, List<Integer>> byTable = new java.util.LinkedHashMap<>();
    for (int k = 0; k < routes.size(); k++) {
      byTable.computeIfAbsent(routes.get(k).tableNumber(), t -> new ArrayList<>()).add(k);
    }
    for (Map.Entry<Integer, List<Integer>> e : byTable.entrySet()) {
      int table = e.getKey();
      List<Integer> all = e.getValue();
      int held;
      long generation;
      synchronized (this) {
        forgetCountsIfTablesChanged();
        Integer used = countedOrCount(table);
        int pending = adding.getOrDefault(table, 0);
        held =
            used == null
                ? 0
                : (int)
                    Math.max(
                        0, Math.min(all.size(), (long) tables.quotaOf(table) - used - pending));
        adding.merge(table, held, Integer::sum);
        generation = countsGeneration;
      }
      List<Integer> together = all.subList(0, held);
      int added = 0;
      List<? extends Optional<? extends RuntimeException>> outcome = List.of();
      try {
        List<Optional<KernelException>> results =
            ctx.vpc()
                .batches(
                    together.stream()
                        .map(
                            k -> {
                              VpcRoute r = routes.get(k);
                              return ctx.vpc()
                                  .routeLines(
                                      KernelRoute.via(r.destination().toString(), r.nextHop())
                                          .inTable(table));
                            })
                        .toList());
        for (int n = 0; n < together.size(); n++) {
          if (results.get(n).isEmpty()) {
            added++;
          }
        }
        outcome = results;
      } catch (RuntimeException failure) {
        outcome = together.stream().map(k -> Optional.of(failure)).toList();
      } finally {
        release(table, held, added, generation);
      }
      Map<Integer, Optional<RuntimeException>> told = new HashMap<>();
      for (int n = 0; n < together.size(); n++) {
        told.put(together.get(n), outcome.get(n).map(RuntimeException.class::cast));
      }
      outcomes.done(told);
      for (int k : all.subList(held, all.size())) {
        try {
          create(routes.get(k));
          outcomes.done(k, Optional.empty());
        } catch (RuntimeException failure) {
          outcomes.done(k, Optional.of(failure));
        }
      }
    }
  }

  private synchronized void forgetCounts() {
    counted.clear();
    countsGeneration++;
  }

  @Override
  public void update(VpcRoute live, VpcRoute desired, List<dev.jkops.tasks.Change> changes) {
    // a route replaced in place: the table holds as many as before
    ctx.vpc()
        .replaceRoute(
            KernelRoute.via(desired.destination().toString(), desired.nextHop())
                .inTable(desired.tableNumber()));
  }

  @Override
  public void delete(VpcRoute live) {
    forgetCounts();
    if (ctx.vpcExists()) {
      ctx.vpc()
          .deleteRoute(
              KernelRoute.via(live.destination().toString(), live.nextHop())
                  .inTable(live.tableNumber()));
    }
  }
}
