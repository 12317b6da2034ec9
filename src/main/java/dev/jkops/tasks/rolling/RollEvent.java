package dev.jkops.tasks.rolling;

import java.time.Duration;
import java.util.List;

/** What a roll reports as it goes; the CLI renders these as progress lines. */
public sealed interface RollEvent {
  record GroupStarted(CloudGroup group, int toReplace, int batch) implements RollEvent {}

  record GroupSkipped(CloudGroup group, String reason) implements RollEvent {}

  record Cordoned(CloudInstance instance) implements RollEvent {}

  record Drained(CloudInstance instance) implements RollEvent {}

  record Replaced(CloudInstance instance) implements RollEvent {}

  record Waiting(Duration interval, GroupRole role) implements RollEvent {}

  record Validated(int attempt, int passedInARow, int required, List<String> problems)
      implements RollEvent {}

  record ValidationGaveUp(Duration after, List<String> problems) implements RollEvent {}

  record Finished(int replaced, List<String> cleanedUp) implements RollEvent {}
}
