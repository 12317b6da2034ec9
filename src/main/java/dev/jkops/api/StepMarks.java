package dev.jkops.api;

/**
 * Time marks for measuring where one command's time goes in a cold JVM, off unless the JVM runs
 * with {@code -Djkops.steps} (e.g. {@code JKOPS_JAVA_OPTS=-Djkops.steps jkops get pods -A}). Each
 * mark then prints {@code jkops-step <name> <System.nanoTime()>} on stderr; on Linux nanoTime is
 * CLOCK_MONOTONIC, the same clock in every process, so a benchmark that noted its own nanoTime
 * before starting the command can tell the JVM's start from the first mark and the exit from the
 * last (KubectlBench does). The local API server has them on when the update that starts it does,
 * and prints them to its log, where KubectlBench picks a create's by their times. Off, a mark is
 * one static boolean test, and no output changes.
 */
public final class StepMarks {
  private static final boolean ON = System.getProperty("jkops.steps") != null;

  private StepMarks() {}

  /** Marks the end of the step {@code name} (a single word: what has just been done). */
  public static void mark(String name) {
    if (ON) {
      System.err.println("jkops-step " + name + " " + System.nanoTime());
    }
  }

  /**
   * As {@link #mark(String)}, named {@code name:detail} (the text joined only when marks are on).
   */
  public static void mark(String name, String detail) {
    if (ON) {
      mark(name + ":" + detail);
    }
  }
}
