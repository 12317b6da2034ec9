package dev.jkops.tasks.rolling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * kops' rolling update, for any cloud: bastions, then control plane instances one at a time, then
 * nodes in batches of {@link RollingLimits#batch}; each instance is cordoned, drained and replaced,
 * then the roll waits the role's interval and validates the cluster {@code validateCount} times in
 * a row before the next batch. Which instances need replacing is read from the cloud before every
 * group, so a roll that stopped resumes where it was when run again.
 */
public final class RollingUpdater {
  private final InstanceReplacer cloud;
  private final RollingOptions options;
  private final Consumer<RollEvent> progress;
  private final Ticker ticker;

  public RollingUpdater(
      InstanceReplacer cloud, RollingOptions options, Consumer<RollEvent> progress, Ticker ticker) {
    this.cloud = cloud;
    this.options = options;
    this.progress = progress;
    this.ticker = ticker;
  }

  /**
   * The groups rolling-update would look at (all, or those named with --instance-group), in roll
   * order.
   */
  public List<CloudGroup> groups() {
    List<CloudGroup> all = cloud.groups();
    List<String> unknown =
        options.instanceGroups().stream()
            .filter(n -> all.stream().noneMatch(g -> g.name().equals(n)))
            .sorted()
            .toList();
    if (!unknown.isEmpty()) {
      throw new RollingUpdateException(
          "--instance-group "
              + String.join(", ", unknown)
              + ": no such instance group;"
              + " the cluster has "
              + String.join(", ", all.stream().map(CloudGroup::name).toList()));
    }
    return all.stream()
        .filter(
            g -> options.instanceGroups().isEmpty() || options.instanceGroups().contains(g.name()))
        .sorted(Comparator.comparing(CloudGroup::role).thenComparing(CloudGroup::name))
        .toList();
  }

  /** True when some selected instance would be replaced (or --force). */
  public boolean anythingToDo() {
    return groups().stream().anyMatch(g -> !toReplace(g).isEmpty());
  }

  /** Runs the roll; returns how many instances were replaced. */
  public int run() {
    int replaced = 0;
    List<CloudGroup> first = groups();
    List<String> names = first.stream().map(CloudGroup::name).toList();
    for (String name : names) {
      // read again before every group but the first, so a group sees what the ones before it did
      List<CloudGroup> seen = name.equals(names.get(0)) ? first : groups();
      CloudGroup group = seen.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
      List<CloudInstance> todo = toReplace(group);
      if (todo.isEmpty()) {
        continue;
      }
      if (group.limits().disabled()) {
        progress.accept(
            new RollEvent.GroupSkipped(
                group,
                "rolling updates are disabled: maxUnavailable and maxSurge" + " are both 0"));
        continue;
      }
      int batch = group.limits().batch(todo.size());
      progress.accept(new RollEvent.GroupStarted(group, todo.size(), batch));
      for (int from = 0; from < todo.size(); from += batch) {
        List<CloudInstance> now = todo.subList(from, Math.min(todo.size(), from + batch));
        for (CloudInstance i : now) {
          if (!options.cloudOnly()) {
            cloud.cordon(i);
            progress.accept(new RollEvent.Cordoned(i));
            cloud.drain(i);
            progress.accept(new RollEvent.Drained(i));
          }
        }
        for (CloudInstance i : now) {
          cloud.replace(i);
          replaced++;
          progress.accept(new RollEvent.Replaced(i));
        }
        Duration interval = options.interval(group.role());
        progress.accept(new RollEvent.Waiting(interval, group.role()));
        ticker.sleep(interval);
        if (!options.cloudOnly()) {
          validate();
        }
      }
    }
    List<String> cleaned = cloud.finish();
    progress.accept(new RollEvent.Finished(replaced, cleaned));
    return replaced;
  }

  private List<CloudInstance> toReplace(CloudGroup g) {
    return g.instances().stream().filter(i -> options.force() || i.needsUpdate()).toList();
  }

  /** Validates until {@code validateCount} passes in a row, or the timeout. */
  void validate() {
    long deadline = ticker.nanos() + options.validationTimeout().toNanos();
    int inARow = 0;
    int attempt = 0;
    List<String> last = new ArrayList<>();
    while (true) {
      attempt++;
      InstanceReplacer.Validation v = cloud.validate();
      inARow = v.passed() ? inARow + 1 : 0;
      last = v.problems();
      progress.accept(
          new RollEvent.Validated(attempt, inARow, options.validateCount(), v.problems()));
      if (inARow >= options.validateCount()) {
        return;
      }
      if (ticker.nanos() >= deadline) {
        break;
      }
      if (!v.passed()) {
        ticker.sleep(options.validationPause());
      }
    }
    progress.accept(new RollEvent.ValidationGaveUp(options.validationTimeout(), last));
    if (options.failOnValidateError()) {
      throw new RollingUpdateException(
          "the cluster did not validate "
              + options.validateCount()
              + " times in a row"
              + " within "
              + options.validationTimeout().toSeconds()
              + "s: "
              + String.join("; ", last)
              + ". Fix it and run rolling-update again to continue, or pass --fail-on-validate-error=false");
    }
  }
}
