package dev.jkops.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Applies a plan's changes as their dependencies allow, a bounded number at a time, as kops'
 * executor runs its tasks in waves: a create or modify starts once every create or modify it
 * depends on has finished; deletes start after every create and modify, each once every delete that
 * depends on it has finished (the reverse of creation). Among the changes that may start, the one
 * that more changes wait on starts first (a route table, which every route waits on, before a
 * node's bridge), then the one earliest in the plan. When the target applies a change together with
 * others ({@link Target#appliesTogether}), every ready change of its kind and action that it
 * accepts goes with it, as one task, and each is reported as the target tells its outcome.
 *
 * <p>The listener hears every event on the calling thread, so it needs no locking: {@code Starting}
 * when a change is handed to a worker, {@code Finished} when it is done, numbered in the order they
 * happen. After a failure nothing new starts; the changes already running finish (and are reported
 * finished, so nothing applied goes unreported) before the first failure is thrown, with any later
 * ones added to it as suppressed.
 */
final class ParallelApply {
  private ParallelApply() {}

  static <R extends Resource> void apply(
      List<Action<R>> changes, Target<R> target, ProgressListener listener, int parallelism) {
    List<Action<R>> forward = new ArrayList<>();
    List<Action<R>> deletes = new ArrayList<>();
    for (Action<R> a : changes) {
      (a instanceof Action.Delete ? deletes : forward).add(a);
    }
    Counter counter = new Counter(changes.size());
    run(forward, forwardPrerequisites(forward), target, listener, parallelism, counter);
    run(deletes, deletePrerequisites(deletes), target, listener, parallelism, counter);
  }

  /** Event numbers across both phases. */
  private static final class Counter {
    final int total;
    int started;
    int finished;

    Counter(int total) {
      this.total = total;
    }
  }

  /** For each change (by index), the indexes of the changes that must finish before it starts. */
  static <R extends Resource> List<Set<Integer>> forwardPrerequisites(List<Action<R>> actions) {
    Map<ResourceId, Integer> index = new HashMap<>();
    Map<String, List<Integer>> byKind = new HashMap<>();
    for (int i = 0; i < actions.size(); i++) {
      ResourceId id = actions.get(i).id();
      index.put(id, i);
      byKind.computeIfAbsent(id.kind(), k -> new ArrayList<>()).add(i);
    }
    List<Set<Integer>> out = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      R r = desired(actions.get(i));
      Set<Integer> pre = new HashSet<>();
      for (ResourceId dep : r.dependsOn()) {
        Integer j = index.get(dep);
        if (j != null) {
          pre.add(j);
        }
      }
      for (String kind : r.dependsOnEvery()) {
        pre.addAll(byKind.getOrDefault(kind, List.of()));
      }
      pre.remove(i);
      out.add(pre);
    }
    return out;
  }

  /** A resource is deleted after every resource being deleted that depends on it. */
  static <R extends Resource> List<Set<Integer>> deletePrerequisites(List<Action<R>> actions) {
    Map<ResourceId, Integer> index = new HashMap<>();
    for (int i = 0; i < actions.size(); i++) {
      index.put(actions.get(i).id(), i);
    }
    List<Set<Integer>> out = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      out.add(new HashSet<>());
    }
    Map<String, List<Integer>> byKind = new HashMap<>();
    for (int i = 0; i < actions.size(); i++) {
      byKind.computeIfAbsent(actions.get(i).id().kind(), k -> new ArrayList<>()).add(i);
    }
    for (int i = 0; i < actions.size(); i++) {
      R r = ((Action.Delete<R>) actions.get(i)).live();
      for (ResourceId dep : r.dependsOn()) {
        Integer j = index.get(dep);
        if (j != null && j != i) {
          out.get(j).add(i);
        }
      }
      for (String kind : r.dependsOnEvery()) {
        for (int j : byKind.getOrDefault(kind, List.of())) {
          if (j != i) {
            out.get(j).add(i);
          }
        }
      }
    }
    return out;
  }

  private static <R extends Resource> R desired(Action<R> a) {
    if (a instanceof Action.Create<R> c) {
      return c.desired();
    } else if (a instanceof Action.Modify<R> m) {
      return m.desired();
    }
    throw new IllegalStateException("not a create or modify: " + a);
  }

  private static <R extends Resource> void run(
      List<Action<R>> actions,
      List<Set<Integer>> prerequisites,
      Target<R> target,
      ProgressListener listener,
      int parallelism,
      Counter counter) {
    if (actions.isEmpty()) {
      return;
    }
    int[] waiting = new int[actions.size()];
    List<List<Integer>> dependents = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      dependents.add(new ArrayList<>());
    }
    // the change more others wait on first (a route table before a node's bridge: every route
    // waits on the table, one change on the bridge), then the one earliest in the plan
    TreeSet<Integer> ready =
        new TreeSet<>(
            Comparator.<Integer>comparingInt(i -> -dependents.get(i).size())
                .thenComparingInt(i -> i));
    for (int i = 0; i < actions.size(); i++) {
      waiting[i] = prerequisites.get(i).size();
      for (int p : prerequisites.get(i)) {
        dependents.get(p).add(i);
      }
    }
    // (only once every change's dependents are counted: the order reads them)
    for (int i = 0; i < actions.size(); i++) {
      if (waiting[i] == 0) {
        ready.add(i);
      }
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(parallelism, actions.size())),
            r -> {
              Thread t = new Thread(r, "jkops-apply");
              t.setDaemon(true);
              return t;
            });
    // what the workers report: each change's outcome as soon as it is known, then that their task
    // (one change, or a group handed to the target together) has ended
    BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
    RuntimeException failure = null;
    Set<RuntimeException> failures = Collections.newSetFromMap(new IdentityHashMap<>());
    int running = 0;
    int finished = 0;
    try {
      while (finished < actions.size() || running > 0) {
        while (failure == null && running < parallelism && !ready.isEmpty()) {
          List<Integer> group = takeGroup(ready, actions, target);
          for (int i : group) {
            counter.started++;
            listener.onEvent(
                new ProgressListener.Starting(actions.get(i), counter.started, counter.total));
          }
          pool.execute(() -> applyGroup(group, actions, target, reports));
          running++;
        }
        if (running == 0) {
          if (failure != null) {
            break;
          }
          // every remaining change waits on another: the plan's order rules this out
          throw new IllegalStateException("changes wait on each other: " + actions);
        }
        // every report there is before anything new starts: the changes a group finished at one
        // moment make their dependents ready at one moment, to be handed over together
        List<Report> arrived = new ArrayList<>();
        try {
          arrived.add(reports.take());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          pool.shutdownNow();
          throw new TaskException(
              "interrupted while applying changes; rerunning the command continues from here", e);
        }
        reports.drainTo(arrived);
        List<Report> flat = new ArrayList<>();
        for (Report report : arrived) {
          if (report instanceof Dones ds) {
            flat.addAll(ds.each());
          } else {
            flat.add(report);
          }
        }
        for (Report report : flat) {
          if (report instanceof Ended) {
            running--;
          } else if (report instanceof Done d) {
            finished++;
            if (d.failure() == null) {
              counter.finished++;
              listener.onEvent(
                  new ProgressListener.Finished(
                      actions.get(d.index()), counter.finished, counter.total));
              for (int dependent : dependents.get(d.index())) {
                if (--waiting[dependent] == 0) {
                  ready.add(dependent);
                }
              }
            } else if (failure == null) {
              failure = d.failure();
              failures.add(failure);
            } else if (failures.add(d.failure())) {
              failure.addSuppressed(d.failure());
            }
          }
        }
        if (failure != null && running == 0) {
          break;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** What a worker tells the engine. */
  private sealed interface Report {}

  /** A change's outcome: {@code failure} null when it was applied. */
  private record Done(int index, RuntimeException failure) implements Report {}

  /** Outcomes told at one moment ({@link Target.Outcomes#done(Map)}), handled as one. */
  private record Dones(List<Done> each) implements Report {}

  /** A worker's task ended: every change of it has had its {@link Done}. */
  private record Ended() implements Report {}

  /**
   * The next changes to start: the ready change earliest in the plan and, when the target applies
   * it together with others ({@link Target#appliesTogether}), every other ready change of its kind
   * and action that the target accepts too, taken out of {@code ready}.
   */
  private static <R extends Resource> List<Integer> takeGroup(
      TreeSet<Integer> ready, List<Action<R>> actions, Target<R> target) {
    int first = ready.pollFirst();
    List<Integer> group = new ArrayList<>(List.of(first));
    Action<R> a = actions.get(first);
    if (!target.appliesTogether(a)) {
      return group;
    }
    for (Iterator<Integer> it = ready.iterator(); it.hasNext(); ) {
      int j = it.next();
      Action<R> b = actions.get(j);
      if (b.getClass() == a.getClass()
          && b.id().kind().equals(a.id().kind())
          && target.appliesTogether(b)) {
        group.add(j);
        it.remove();
      }
    }
    return group;
  }

  /**
   * Applies a group, alone or together, reporting each change's outcome as the target tells it,
   * then that the group ended. Whatever happens, every change of the group gets exactly one outcome
   * before the end: one the target never told (it broke {@link Target#applyTogether}'s promise, or
   * threw) is reported failed, since nothing says it was applied.
   */
  private static <R extends Resource> void applyGroup(
      List<Integer> group,
      List<Action<R>> actions,
      Target<R> target,
      BlockingQueue<Report> reports) {
    AtomicIntegerArray told = new AtomicIntegerArray(group.size());
    Throwable broke = null;
    try {
      if (group.size() == 1) {
        int i = group.get(0);
        RuntimeException failed = null;
        try {
          Engine.applyOne(actions.get(i), target);
        } catch (RuntimeException e) {
          failed = e;
        }
        told.set(0, 1);
        reports.add(new Done(i, failed));
      } else {
        List<Action<R>> changes = group.stream().map(actions::get).toList();
        target.applyTogether(
            changes,
            new Target.Outcomes() {
              @Override
              public void done(int k, Optional<RuntimeException> failed) {
                done(Map.of(k, failed));
              }

              @Override
              public void done(Map<Integer, Optional<RuntimeException>> each) {
                List<Done> now = new ArrayList<>();
                for (Map.Entry<Integer, Optional<RuntimeException>> e :
                    new TreeMap<>(each).entrySet()) {
                  int k = e.getKey();
                  if (told.compareAndSet(k, 0, 1)) {
                    now.add(
                        new Done(
                            group.get(k),
                            e.getValue().map(x -> Engine.failure(changes.get(k), x)).orElse(null)));
                  }
                }
                reports.add(new Dones(now));
              }
            });
      }
    } catch (Throwable t) {
      broke = t;
    } finally {
      for (int k = 0; k < group.size(); k++) {
        if (told.compareAndSet(k, 0, 1)) {
          Action<R> a = actions.get(group.get(k));
          RuntimeException cause =
              broke instanceof RuntimeException re
                  ? re
                  : new IllegalStateException(
                      broke == null
                          ? "the target returned without saying whether it was applied"
                          : String.valueOf(broke.getMessage()),
                      broke);
          reports.add(new Done(group.get(k), Engine.failure(a, cause)));
        }
      }
      reports.add(new Ended());
    }
    if (broke instanceof Error e) {
      throw e;
    }
  }
}
