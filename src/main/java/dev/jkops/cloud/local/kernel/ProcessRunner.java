package dev.jkops.cloud.local.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs commands with {@link ProcessBuilder}, reading both outputs while the program runs. */
final class ProcessRunner implements CommandRunner {
  static final ProcessRunner INSTANCE = new ProcessRunner();

  /**
   * Own daemon threads: the common pool has one thread on a 2-core machine, and both outputs must
   * drain at once.
   */
  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "jkops-output-reader");
            t.setDaemon(true);
            return t;
          });

  /**
   * Fault injection for the reliability kill tests: with {@code JKOPS_FAULT_HALT_AFTER_COMMANDS=N}
   * in the environment, the process halts with exit code 137 (as SIGKILL would leave it: no
   * shutdown hooks, no finally blocks) right after its N-th command has finished. Unset in normal
   * use.
   */
  static final String HALT_AFTER_ENV = "JKOPS_FAULT_HALT_AFTER_COMMANDS";

  private static final long HALT_AFTER = haltAfter(System.getenv(HALT_AFTER_ENV));
  private static final java.util.concurrent.atomic.AtomicLong COMMANDS =
      new java.util.concurrent.atomic.AtomicLong();

  private ProcessRunner() {}

  static long haltAfter(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void maybeHalt() {
    if (HALT_AFTER > 0 && COMMANDS.incrementAndGet() >= HALT_AFTER) {
      System.err.println(
          "jkops: " + HALT_AFTER_ENV + "=" + HALT_AFTER + " reached; halting as if killed");
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
  }

  @Override
  public CommandResult run(Command command) {
    ProcessBuilder pb = new ProcessBuilder(command.argv());
    pb.environment().putAll(command.env());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new KernelException(
          "could not "
              + command.purpose()
              + ": cannot start `"
              + command.display()
              + "`: "
              + e.getMessage()
              + " (is "
              + command.argv().get(0)
              + " installed? `jkops doctor` checks)",
          e);
    }
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      if (command.stdin() != null) {
        in.write(command.stdin().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // The program exited without reading its input; its exit code and stderr tell why.
    }
    try {
      if (!p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(2, TimeUnit.SECONDS);
        throw new KernelException(
            "could not "
                + command.purpose()
                + ": `"
                + command.display()
                + "` did not finish within "
                + command.timeout().toSeconds()
                + "s and was killed");
      }
      CommandResult result = new CommandResult(command, p.exitValue(), out.get(), err.get());
      maybeHalt();
      return result;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new KernelException("interrupted while waiting for `" + command.display() + "`", e);
    } catch (ExecutionException e) {
      throw new KernelException("could not read the output of `" + command.display() + "`", e);
    }
  }

  private static CompletableFuture<String> drain(InputStream s) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (s) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        },
        READERS);
  }
}
