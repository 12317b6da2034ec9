package dev.jkops.cloud.local.kernel;

/** Runs programs. The kernel wrappers take one so tests can record commands instead of running them. */
@FunctionalInterface
public interface CommandRunner {

  /** Runs the command to completion (or its timeout) and returns what it did; never throws on a non-zero exit. */
  CommandResult run(Command command);

  /** Runs the command and throws a {@link KernelException} unless it exits 0. */
  default CommandResult check(Command command) {
    return run(command).orThrow();
  }

  static CommandRunner system() {
    return ProcessRunner.INSTANCE;
  }
}
