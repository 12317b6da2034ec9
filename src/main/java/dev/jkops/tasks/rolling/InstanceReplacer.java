package dev.jkops.tasks.rolling;

import java.util.List;

/**
 * What rolling-update needs from a cloud. Every method reads or changes the live cloud; none keeps
 * state between calls, so a roll that stopped half way is resumed by running it again: instances
 * already replaced carry the current hash and are skipped.
 */
public interface InstanceReplacer {

  /** The cluster's instance groups and their instances, as the cloud has them now. */
  List<CloudGroup> groups();

  /** Marks the instance's node unschedulable. */
  void cordon(CloudInstance instance);

  /** Evicts its pods; those a controller owns start again on other nodes. */
  void drain(CloudInstance instance);

  /**
   * Terminates it and returns once its replacement, on the group's current configuration, is
   * running.
   */
  void replace(CloudInstance instance);

  /** One validation pass of the whole cluster. */
  Validation validate();

  /** Called once every selected instance is current: removes what only the roll needed. */
  default List<String> finish() {
    return List.of();
  }

  /** The outcome of one validation pass; {@code problems} is empty when it passed. */
  record Validation(List<String> problems) {
    public Validation {
      problems = List.copyOf(problems);
    }

    public boolean passed() {
      return problems.isEmpty();
    }
  }
}
