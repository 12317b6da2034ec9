package dev.jkops.tasks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The desired-versus-live loop: find each desired resource, compare, and create, modify or keep it;
 * delete what the cluster owns but no longer wants. Planning changes nothing; applying runs the
 * plan in dependency order (creates and modifies first, then deletes in reverse order).
 */
public final class Engine {
  private Engine() {}

  public static <R extends Resource> Plan<R> plan(Collection<R> desired, Target<R> target) {
    return plan(desired, target, 1);
  }

  /**
   * As {@link #plan(Collection, Target)}, reading up to {@code parallelism} live resources at once
   * (finding changes nothing, so the reads are independent); the plan is the same.
   */
  public static <R extends Resource> Plan<R> plan(
      Collection<R> desired, Target<R> target, int parallelism) {
    List<R> ordered = DependencyOrder.sort(desired);
    List<Optional<R>> found = findAll(ordered, target, parallelism);
    List<Action<R>> actions = new ArrayList<>();
    Set<ResourceId> wanted = new HashSet<>();
    for (int i = 0; i < ordered.size(); i++) {
      R d = ordered.get(i);
      wanted.add(d.id());
      Optional<R> live = found.get(i);
      if (live.isEmpty()) {
        actions.add(new Action.Create<>(d));
      } else {
        List<Change> changes = diff(live.get(), d);
        actions.add(
            changes.isEmpty()
                ? new Action.Keep<>(live.get())
                : new Action.Modify<>(live.get(), d, changes));
      }
    }
    List<R> unwanted = target.owned().stream().filter(r -> !wanted.contains(r.id())).toList();
    List<R> deleteOrder = new ArrayList<>(DependencyOrder.sort(unwanted));
    java.util.Collections.reverse(deleteOrder);
    deleteOrder.forEach(r -> actions.add(new Action.Delete<>(r)));
    return new Plan<>(actions);
  }

  private static <R extends Resource> List<Optional<R>> findAll(
      List<R> ordered, Target<R> target, int parallelism) {
    if (parallelism <= 1 || ordered.size() <= 1) {
      return ordered.stream().map(target::find).toList();
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            Math.min(parallelism, ordered.size()),
            r -> {
              Thread t = new Thread(r, "jkops-find");
              t.setDaemon(true);
              return t;
            });
    try {
      List<java.util.concurrent.Future<Optional<R>>> futures = new ArrayList<>();
      for (R d : ordered) {
        futures.add(pool.submit(() -> target.find(d)));
      }
      List<Optional<R>> out = new ArrayList<>();
      for (java.util.concurrent.Future<Optional<R>> f : futures) {
        try {
          out.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new TaskException("reading a live resource failed: " + e.getCause(), e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TaskException("interrupted while reading live resources", e);
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Fields whose values differ, in name order; a field only one side has counts as a change. */
  public static List<Change> diff(Resource live, Resource desired) {
    Map<String, String> a = live.attributes();
    Map<String, String> b = desired.attributes();
    TreeSet<String> fields = new TreeSet<>(a.keySet());
    fields.addAll(b.keySet());
    List<Change> out = new ArrayList<>();
    for (String f : fields) {
      if (!Objects.equals(a.get(f), b.get(f))) {
        out.add(new Change(f, a.get(f), b.get(f)));
      }
    }
    return out;
  }

  public static <R extends Resource> void apply(
      Plan<R> plan, Target<R> target, ProgressListener listener) {
    apply(plan, target, listener, 1);
  }

  /**
   * Applies the plan's changes; with {@code parallelism} above 1, up to that many at once as their
   * dependencies allow ({@link ParallelApply}), otherwise one at a time in the plan's order. Either
   * way a failure stops the run with the same message, naming the change that failed.
   */
  public static <R extends Resource> void apply(
      Plan<R> plan, Target<R> target, ProgressListener listener, int parallelism) {
    List<Action<R>> changes = plan.changes();
    if (parallelism > 1 && changes.size() > 1) {
      ParallelApply.apply(changes, target, listener, parallelism);
      return;
    }
    int i = 0;
    for (Action<R> action : changes) {
      i++;
      listener.onEvent(new ProgressListener.Starting(action, i, changes.size()));
      applyOne(action, target);
      listener.onEvent(new ProgressListener.Finished(action, i, changes.size()));
    }
  }

  /** One change, its failure turned into the message a user sees. */
  static <R extends Resource> void applyOne(Action<R> action, Target<R> target) {
    try {
      perform(action, target);
    } catch (RuntimeException e) {
      throw failure(action, e);
    }
  }

  /** The target's call for one change, its failure as the target threw it. */
  static <R extends Resource> void perform(Action<R> action, Target<R> target) {
    if (action instanceof Action.Create<R> c) {
      target.create(c.desired());
    } else if (action instanceof Action.Modify<R> m) {
      target.update(m.live(), m.desired(), m.changes());
    } else if (action instanceof Action.Delete<R> d) {
      target.delete(d.live());
    }
  }

  /** A change's failure as a user sees it: what failed, and that rerunning continues from here. */
  static RuntimeException failure(Action<?> action, RuntimeException e) {
    if (e instanceof TaskException) {
      return e;
    }
    return new TaskException(
        verb(action)
            + " "
            + action.id()
            + " failed: "
            + e.getMessage()
            + "; nothing after it was changed, and rerunning the command continues from here",
        e);
  }

  /** Plans, applies, and returns what was done. */
  public static <R extends Resource> Plan<R> converge(
      Collection<R> desired, Target<R> target, ProgressListener listener) {
    return converge(desired, target, listener, 1);
  }

  /** As {@link #converge(Collection, Target, ProgressListener)}, {@code parallelism} at a time. */
  public static <R extends Resource> Plan<R> converge(
      Collection<R> desired, Target<R> target, ProgressListener listener, int parallelism) {
    Plan<R> plan = plan(desired, target, parallelism);
    apply(plan, target, listener, parallelism);
    return plan;
  }

  static String verb(Action<?> a) {
    if (a instanceof Action.Create) {
      return "creating";
    } else if (a instanceof Action.Modify) {
      return "updating";
    } else if (a instanceof Action.Delete) {
      return "deleting";
    }
    return "keeping";
  }
}
