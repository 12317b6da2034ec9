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
    List<Action<R>> actions = new ArrayList<>();
    Set<ResourceId> wanted = new HashSet<>();
    for (R d : DependencyOrder.sort(desired)) {
      wanted.add(d.id());
      Optional<R> live = target.find(d);
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
    List<Action<R>> changes = plan.changes();
    int i = 0;
    for (Action<R> action : changes) {
      i++;
      listener.onEvent(new ProgressListener.Starting(action, i, changes.size()));
      try {
        if (action instanceof Action.Create<R> c) {
          target.create(c.desired());
        } else if (action instanceof Action.Modify<R> m) {
          target.update(m.live(), m.desired(), m.changes());
        } else if (action instanceof Action.Delete<R> d) {
          target.delete(d.live());
        }
      } catch (TaskException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new TaskException(
            verb(action)
                + " "
                + action.id()
                + " failed: "
                + e.getMessage()
                + "; nothing after it was changed, and rerunning the command continues from here",
            e);
      }
      listener.onEvent(new ProgressListener.Finished(action, i, changes.size()));
    }
  }

  /** Plans, applies, and returns what was done. */
  public static <R extends Resource> Plan<R> converge(
      Collection<R> desired, Target<R> target, ProgressListener listener) {
    Plan<R> plan = plan(desired, target);
    apply(plan, target, listener);
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
