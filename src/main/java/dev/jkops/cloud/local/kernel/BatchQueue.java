package dev.jkops.cloud.local.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One namespace's {@code ip -batch} runs, shared by everyone changing it at once (group commit):
 * the local cloud applies several resources in parallel, and many of them change the VPC's
 * namespace (each instance's port, each VPC route), each once in a process of its own. Here up to
 * {@code slots} batches run at once, as before; a caller that finds them all running waits, and
 * when one ends the callers waiting meanwhile run together in one process, each caller's lines kept
 * together and in order. A caller that finds a free slot runs exactly what it would have run
 * without the queue; no one waits for company. (One slot would group the most, but then two changes
 * that came together, the usual case on a small cluster, would run one after the other.)
 *
 * <p>Each caller gets the result of its own lines: ip stops at the first line that fails ({@code
 * Command failed -:N}), so the callers before it succeeded, the one whose line it is failed (told
 * its own line number), and those after it did not run and run again in the next batch. Without a
 * line number (ip exits at once on an argument it refuses) no one can tell what ran, and every
 * caller of that batch gets the failure.
 */
final class BatchQueue {
  private final CommandRunner runner;
  private final String namespace;
  private final List<String> program;

  private final int slots;
  private final ArrayDeque<Request> waiting = new ArrayDeque<>();
  private int running;

  /**
   * {@code program} is the batch command without {@code -batch -}, e.g. {@code ip -n NS}; {@code
   * slots} how many of its processes may run at once.
   */
  BatchQueue(CommandRunner runner, String namespace, List<String> program, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("a batch queue needs at least one slot");
    }
    this.runner = runner;
    this.namespace = namespace;
    this.program = List.copyOf(program);
    this.slots = slots;
  }

  private static final class Request {
    final Command alone;
    final Command asBatch;
    final List<String> lines;

    /** Its lines may run again ({@link #runAll}'s callers' are). */
    final boolean rerunnable;

    /** In a batch that is running (guarded by the queue). */
    boolean taken;

    volatile CommandResult result;

    Request(Command alone, Command asBatch, List<String> lines, boolean rerunnable) {
      this.alone = alone;
      this.asBatch = asBatch;
      this.lines = lines;
      this.rerunnable = rerunnable;
    }
  }

  /**
   * Runs {@code lines}, alone as {@code alone} or in a batch with others' lines, and returns their
   * result as {@code asBatch} (its own lines, {@code ip -batch}) would have had it, or as {@code
   * alone} when it ran alone.
   */
  CommandResult run(Command alone, Command asBatch, List<String> lines) {
    CommandResult r = runAll(List.of(new Submission(alone, asBatch, lines)), false).get(0);
    if (r.exitCode() == NOT_RUN_INTERRUPTED) {
      throw new KernelException(r.stderr());
    }
    return r;
  }

  /** One caller's lines for {@link #runAll}: what {@link #run} takes. */
  record Submission(Command alone, Command asBatch, List<String> lines) {}

  /**
   * Exit code of a submission that never ran because its caller was interrupted while it waited
   * (the interrupt is kept for the caller).
   */
  static final int NOT_RUN_INTERRUPTED = -2;

  /**
   * Runs several callers' lines as if each had called {@link #run} at the same moment: they join
   * the queue together, so they go in one process (with whatever else waits then) unless a line
   * fails, and each gets its own result, in order. A batch handed several changes at once (the
   * engine's {@code Target.applyTogether}) runs them so, where arriving one by one they would
   * mostly have found a free slot and run alone.
   *
   * <p>Each submission's lines must be safe to run again, as everything jkops makes is after a
   * killed run (made or finished by trying: "File exists" on a {@code link add} or {@code netns
   * add} means found, {@code route replace} replaces): when ip refuses a line of a shared batch
   * without saying which (an argument it cannot parse, such as a device that does not exist), some
   * lines before it ran and no one can tell whose, so each of these submissions is run again alone
   * to get its own outcome, and only the one at fault fails.
   */
  List<CommandResult> runAll(List<Submission> submissions) {
    return runAll(submissions, true);
  }

  private List<CommandResult> runAll(List<Submission> submissions, boolean rerunnable) {
    List<Request> mine = new ArrayList<>();
    for (Submission s : submissions) {
      mine.add(new Request(s.alone(), s.asBatch(), List.copyOf(s.lines()), rerunnable));
    }
    synchronized (this) {
      waiting.addAll(mine);
    }
    boolean interrupted = false;
    while (true) {
      List<Request> group;
      synchronized (this) {
        while (!allDone(mine) && (running >= slots || !anyWaiting(mine))) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true;
            // what is still waiting never runs; what is in a running batch gets its result
            for (Request q : mine) {
              if (waiting.remove(q)) {
                q.result =
                    new CommandResult(
                        q.asBatch,
                        NOT_RUN_INTERRUPTED,
                        "",
                        "interrupted while waiting to "
                            + q.asBatch.purpose()
                            + "; nothing of it was run");
              }
            }
          }
        }
        if (allDone(mine)) {
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
          return mine.stream().map(q -> q.result).toList();
        }
        running++;
        group = new ArrayList<>(waiting);
        waiting.clear();
        group.forEach(q -> q.taken = true);
      }
      List<Request> notRun = List.of();
      try {
        notRun = runGroup(group);
      } catch (KernelException e) {
        // the batch could not run: every request of it has a failed result that says so; a
        // single caller gets the exception itself, as without the queue
        if (mine.size() == 1) {
          throw e;
        }
      } finally {
        synchronized (this) {
          // what did not run goes first, in its order
          for (int i = notRun.size() - 1; i >= 0; i--) {
            notRun.get(i).taken = false;
            waiting.addFirst(notRun.get(i));
          }
          running--;
          notifyAll();
        }
      }
    }
  }

  private static boolean allDone(List<Request> requests) {
    return requests.stream().allMatch(q -> q.result != null);
  }

  /** Whether one of {@code requests} waits in the queue (neither run nor in a running batch). */
  private static boolean anyWaiting(List<Request> requests) {
    return requests.stream().anyMatch(q -> q.result == null && !q.taken);
  }

  /** How many callers wait for their lines to run. */
  synchronized int waitingCallers() {
    return waiting.size();
  }

  /** Runs the group; sets the result of each that ran; returns those that did not run. */
  private List<Request> runGroup(List<Request> group) {
    if (group.size() == 1) {
      Request only = group.get(0);
      only.result = runOrFail(only.alone, group);
      return List.of();
    }
    List<String> all = new ArrayList<>();
    for (Request r : group) {
      all.addAll(r.lines);
    }
    List<String> argv = new ArrayList<>(program);
    argv.addAll(List.of("-batch", "-"));
    Command together =
        Command.of("apply " + group.size() + " batches of changes together in " + namespace, argv)
            .withStdin(String.join("\n", all) + "\n");
    CommandResult r = runOrFail(together, group);
    if (r.ok()) {
      for (Request q : group) {
        q.result = new CommandResult(q.asBatch, 0, "", "");
      }
      return List.of();
    }
    Optional<Integer> failed = BatchFailure.line(r).filter(n -> n >= 1 && n <= all.size());
    if (failed.isEmpty()) {
      for (Request q : group) {
        if (q.rerunnable) {
          try {
            q.result = runner.run(q.alone);
          } catch (KernelException e) {
            q.result = new CommandResult(q.asBatch, -1, "", "(" + e.getMessage() + ")");
          }
          continue;
        }
        q.result =
            new CommandResult(
                q.asBatch,
                r.exitCode(),
                r.stdout(),
                r.stderr()
                    + "\n(its lines ran in one batch with "
                    + (group.size() - 1)
                    + " other changes of "
                    + namespace
                    + ", and ip did not say which line failed)");
      }
      return List.of();
    }
    int line = failed.get();
    int offset = 0;
    for (int i = 0; i < group.size(); i++) {
      Request q = group.get(i);
      if (line > offset + q.lines.size()) {
        q.result = new CommandResult(q.asBatch, 0, "", "");
        offset += q.lines.size();
        continue;
      }
      int own = line - offset;
      String said =
          r.stderr()
              .replaceAll("Command failed (\\S*):" + line + "\\b", "Command failed $1:" + own);
      q.result = new CommandResult(q.asBatch, r.exitCode(), r.stdout(), said);
      return group.subList(i + 1, group.size());
    }
    throw new IllegalStateException("line " + line + " is in no request of the batch");
  }

  /**
   * Runs {@code c}. When it throws (it could not start, or timed out), the caller running the group
   * gets the exception and every other caller of the group a failed result that says it.
   */
  private CommandResult runOrFail(Command c, List<Request> group) {
    try {
      return runner.run(c);
    } catch (KernelException e) {
      for (Request q : group) {
        q.result = new CommandResult(q.asBatch, -1, "", "(" + e.getMessage() + ")");
      }
      throw e;
    }
  }
}
