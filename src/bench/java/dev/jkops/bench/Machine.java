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
