package dev.jkops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What the numbers were measured on, and how busy it was. */
final class Machine {
  private Machine() {}

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The 1-minute load average, or NaN when it cannot be read. */
  static double oneMinuteLoad() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * Waits, at most {@code maxSeconds}, for the 1-minute load to fall below {@code below}: a
   * benchmark's own set-up (recording archives, installing) raises it just before its pairs, and
   * the 1-minute figure takes about a minute to forget that. Returns how many seconds it waited.
   */
  static long settle(double below, int maxSeconds) {
    long start = System.nanoTime();
    while (!(oneMinuteLoad() < below) && System.nanoTime() - start < maxSeconds * 1_000_000_000L) {
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return (System.nanoTime() - start) / 1_000_000_000L;
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String memory() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(l -> l.startsWith("MemTotal"))
          .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB")
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String kernel() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String describe(String loadBefore, String loadAfter) {
    return "- When: "
        + Instant.now().truncatedTo(ChronoUnit.MINUTES)
        + "\n"
        + "- CPU: "
        + Runtime.getRuntime().availableProcessors()
        + " cores, "
        + cpuModel()
        + "; memory "
        + memory()
        + "\n"
        + "- Kernel "
        + kernel()
        + "; Java "
        + Runtime.version()
        + " ("
        + System.getProperty("java.vm.vendor")
        + ")\n"
        + "- Load average (1/5/15 min) before: "
        + loadBefore
        + "; after: "
        + loadAfter
        + "\n";
  }
}
