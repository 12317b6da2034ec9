package dev.jkops.tasks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Applies a plan's changes as their dependencies allow, a bounded number at a time, as kops'
 * executor runs its tasks in waves: a create or modify starts once every create or modify it
 * depends on has finished; deletes start after every create and modify, each once every delete that
 * depends on it has finished (the reverse of creation). Among the changes that may start, the one
 * earliest in the plan starts first.
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
    TreeSet<Integer> ready = new TreeSet<>();
    for (int i = 0; i < actions.size(); i++) {
      waiting[i] = prerequisites.get(i).size();
      for (int p : prerequisites.get(i)) {
        dependents.get(p).add(i);
      }
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
    ExecutorCompletionService<Integer> done = new ExecutorCompletionService<>(pool);
    RuntimeException failure = null;
    int running = 0;
    int finished = 0;
    try {
      while (finished < actions.size()) {
        while (failure == null && running < parallelism && !ready.isEmpty()) {
          int i = ready.pollFirst();
          Action<R> a = actions.get(i);
          counter.started++;
          listener.onEvent(new ProgressListener.Starting(a, counter.started, counter.total));
          done.submit(
              () -> {
                Engine.applyOne(a, target);
                return i;
              });
          running++;
        }
        if (running == 0) {
          if (failure != null) {
            break;
          }
          // every remaining change waits on another: the plan's order rules this out
          throw new IllegalStateException("changes wait on each other: " + actions);
        }
        Future<Integer> f;
        try {
          f = done.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          pool.shutdownNow();
          throw new TaskException(
              "interrupted while applying changes; rerunning the command continues from here", e);
        }
        running--;
        finished++;
        try {
          int i = f.get();
          counter.finished++;
          listener.onEvent(
              new ProgressListener.Finished(actions.get(i), counter.finished, counter.total));
          for (int d : dependents.get(i)) {
            if (--waiting[d] == 0) {
              ready.add(d);
            }
          }
        } catch (ExecutionException e) {
          RuntimeException cause =
              e.getCause() instanceof RuntimeException re
                  ? re
                  : new TaskException(e.getCause().getMessage(), e.getCause());
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("a finished change cannot be interrupted", e);
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
}
