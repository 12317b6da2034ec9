package dev.jkops.tasks;

import java.util.List;

/** What the engine decided for one resource. */
public sealed interface Action<R extends Resource> {

  ResourceId id();

  record Create<R extends Resource>(R desired) implements Action<R> {
    @Override
    public ResourceId id() {
      return desired.id();
    }
  }

  record Modify<R extends Resource>(R live, R desired, List<Change> changes) implements Action<R> {
    public Modify {
      changes = List.copyOf(changes);
    }

    @Override
    public ResourceId id() {
      return desired.id();
    }
  }

  record Delete<R extends Resource>(R live) implements Action<R> {
    @Override
    public ResourceId id() {
      return live.id();
    }
  }

  record Keep<R extends Resource>(R live) implements Action<R> {
    @Override
    public ResourceId id() {
      return live.id();
    }
  }
}
