package dev.jkops.cloud.local.validate;

/** Sends one probe and says what happened. */
@FunctionalInterface
public interface ProbeRunner {
  ProbeResult run(Probe probe);
}
