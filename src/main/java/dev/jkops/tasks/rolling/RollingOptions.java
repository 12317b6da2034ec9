package dev.jkops.tasks.rolling;

import java.time.Duration;
import java.util.Set;

/**
 * kops' rolling-update flags.
 *
 * @param force replace instances even when they do not need it
 * @param cloudOnly replace without cordoning, draining or validating (for a cluster that cannot
 *     validate)
 * @param instanceGroups only these groups (empty: all)
 * @param masterInterval wait after a control plane instance is replaced
 * @param nodeInterval wait after a node (or bastion) batch is replaced
 * @param failOnValidateError stop when the cluster does not validate in time (else warn and go on)
 * @param validateCount consecutive successful validations required after each replacement
 * @param validationTimeout how long to keep validating before giving up
 * @param validationPause pause between two validation attempts
 */
public record RollingOptions(
    boolean force,
    boolean cloudOnly,
    Set<String> instanceGroups,
    Duration masterInterval,
    Duration nodeInterval,
    boolean failOnValidateError,
    int validateCount,
    Duration validationTimeout,
    Duration validationPause) {

  public RollingOptions {
    instanceGroups = Set.copyOf(instanceGroups);
    if (validateCount < 1) {
      throw new IllegalArgumentException("--validate-count must be at least 1");
    }
  }

  /** kops' defaults: 15s intervals, 2 validations, 15 minutes to validate, fail on errors. */
  public static RollingOptions defaults() {
    return new RollingOptions(
        false,
        false,
        Set.of(),
        Duration.ofSeconds(15),
        Duration.ofSeconds(15),
        true,
        2,
        Duration.ofMinutes(15),
        Duration.ofSeconds(5));
  }

  public Duration interval(GroupRole role) {
    return role == GroupRole.CONTROL_PLANE ? masterInterval : nodeInterval;
  }
}
