package dev.jkops.cloud.local.kernel;

/**
 * Runs programs. The kernel wrappers take one so tests can record commands instead of running them.
 */
@FunctionalInterface
public interface CommandRunner {

  /**
   * Runs the command to completion (or its timeout) and returns what it did; never throws on a
   * non-zero exit.
   */
  CommandResult run(Command command);

  /** Runs the command and throws a {@link KernelException} unless it exits 0. */
  default CommandResult check(Command command) {
    return run(command).orThrow();
  }

  /**
   * Runs programs on this machine; with {@code JKOPS_COMMAND_TRACE} set, also records each in that
   * file.
   */
  static CommandRunner system() {
    String trace = System.getenv(CommandTrace.ENV);
    return trace == null || trace.isBlank()
        ? ProcessRunner.INSTANCE
        : new CommandTrace(ProcessRunner.INSTANCE, java.nio.file.Path.of(trace));
  }
}
