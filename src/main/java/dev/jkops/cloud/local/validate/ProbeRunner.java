package dev.jkops.cloud.local.validate;

import dev.jkops.cloud.report.Probe;
import dev.jkops.cloud.report.ProbeResult;
import java.util.List;

/** Sends one probe and says what happened. */
@FunctionalInterface
public interface ProbeRunner {
  ProbeResult run(Probe probe);

  /**
   * Sends several probes from one sender (the same namespace), results in the same order. A runner
   * that can start them together overrides this; by default they run one after the other.
   */
  default List<ProbeResult> runAll(List<Probe> fromOneSender) {
    return fromOneSender.stream().map(this::run).toList();
  }
}
