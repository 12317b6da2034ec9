package dev.jkops.tasks;

import java.util.List;

/** The ordered actions that take the cloud from what is to what is desired. */
public record Plan<R extends Resource>(List<Action<R>> actions) {

  public Plan {
    actions = List.copyOf(actions);
  }

  public List<Action<R>> changes() {
    return actions.stream().filter(a -> !(a instanceof Action.Keep)).toList();
  }

  public boolean isEmpty() {
    return changes().isEmpty();
  }

  @SuppressWarnings("unchecked")
  public List<Action.Create<R>> creates() {
    return actions.stream()
        .filter(a -> a instanceof Action.Create)
        .map(a -> (Action.Create<R>) a)
        .toList();
  }

  @SuppressWarnings("unchecked")
  public List<Action.Modify<R>> modifies() {
    return actions.stream()
        .filter(a -> a instanceof Action.Modify)
        .map(a -> (Action.Modify<R>) a)
        .toList();
  }

  @SuppressWarnings("unchecked")
  public List<Action.Delete<R>> deletes() {
    return actions.stream()
        .filter(a -> a instanceof Action.Delete)
        .map(a -> (Action.Delete<R>) a)
        .toList();
  }
}
