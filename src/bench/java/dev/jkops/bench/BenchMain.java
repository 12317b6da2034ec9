package dev.jkops.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code scripts/bench}'s entry point: runs the named benchmarks (all by default), prints each
 * table, and rewrites its section of docs/benchmarks.md, its raw numbers in docs/bench/ and its
 * plots in docs/img/.
 */
public final class BenchMain {
  static final List<String> ALL = List.of("startup", "planner", "local", "validate", "dataplane");

  /** Run only when named: it makes 1,000 pods. */
  static final List<String> ON_REQUEST = List.of("kubectl");

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(".").toAbsolutePath().normalize();
    boolean quick = false;
    Integer pods = null;
    boolean perPodOnly = false;
    Set<String> which = new LinkedHashSet<>();
    for (String a : args) {
      if (a.equals("--quick")) {
        quick = true;
      } else if (a.matches("--pods=[1-9][0-9]*")) {
        pods = Integer.parseInt(a.substring("--pods=".length()));
      } else if (a.equals("--per-pod")) {
        perPodOnly = true;
      } else if (a.startsWith("--repo=")) {
        repo = Path.of(a.substring(7)).toAbsolutePath().normalize();
      } else if (ALL.contains(a) || ON_REQUEST.contains(a)) {
        which.add(a);
      } else {
        System.err.println(
            "bench: unknown argument \""
                + a
                + "\"; use --quick, --pods=N and --per-pod (kubectl) and any of "
                + ALL
                + " or "
                + ON_REQUEST);
        System.exit(2);
      }
    }
    if (which.isEmpty()) {
      which.addAll(ALL);
    }
    Report report = new Report(repo);
    List<String> failed = new ArrayList<>();
    for (String b : which) {
      String before = Machine.loadAverage();
      System.out.println("== " + b + (quick ? " (quick)" : "") + ", load average " + before);
      try {
        String body =
            switch (b) {
              case "startup" -> StartupBench.run(repo, quick, report);
              case "planner" -> PlannerRun.run(quick, report);
              case "local" -> LocalCloudBench.run(repo, quick, report);
              case "validate" -> ValidateBench.run(repo, quick, report);
              case "dataplane" -> DataPlaneBench.run(repo, quick, report);
              case "kubectl" -> KubectlBench.run(repo, quick, pods, perPodOnly, report);
              default -> throw new IllegalStateException(b);
            };
        String header =
            "Measured by `scripts/bench"
                + (quick ? " --quick" : "")
                + (pods != null && b.equals("kubectl") ? " --pods=" + pods : "")
                + " "
                + b
                + "`.\n\n"
                + Machine.describe(before, Machine.loadAverage())
                + "\n";
        if (perPodOnly && b.equals("kubectl")) {
          // a part of the benchmark: its section of the page keeps the last whole run
          System.out.println(
              "--per-pod: docs/benchmarks.md and docs/bench/ left as they are; load average "
                  + Machine.loadAverage());
        } else {
          report.section(b, header + body);
        }
      } catch (Exception e) {
        failed.add(b);
        System.err.println("bench " + b + " failed: " + e);
        e.printStackTrace();
      }
    }
    if (!failed.isEmpty()) {
      System.err.println(
          "bench: "
              + failed
              + " failed; their sections of docs/benchmarks.md were left as they were");
      System.exit(1);
    }
  }
}
