package dev.jkops.tasks;

/** Receives the engine's events; the CLI renders them (the core never prints). */
@FunctionalInterface
public interface ProgressListener {

  void onEvent(Event event);

  ProgressListener NONE = e -> {};

  /** Something the engine did or is about to do. */
  sealed interface Event {
    Action<?> action();
  }

  record Starting(Action<?> action, int index, int total) implements Event {}

  record Finished(Action<?> action, int index, int total) implements Event {}
}
