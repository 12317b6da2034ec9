package dev.jkops.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link PlannerBenchmark} under JMH with a 256 MB heap, hot (average time after warm-up) and
 * cold (one call in a fresh JVM with the launcher's flags, as {@code jkops update cluster} runs
 * it), and reports time and allocation per call.
 */
final class PlannerBench {
  /** One measured configuration. */
  record Row(
      String op, int nodes, int groups, String mode, double ms, double msError, double allocMb) {}

  private PlannerBench() {}

  static List<Row> hot(boolean quick, String[] nodes, String[] groups, String ops)
      throws RunnerException {
    ChainedOptionsBuilder o =
        base(nodes, groups, ops)
            .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
            .timeUnit(TimeUnit.MILLISECONDS)
            .addProfiler(GCProfiler.class)
            .forks(1)
            .warmupIterations(quick ? 1 : 3)
            .warmupTime(TimeValue.milliseconds(quick ? 300 : 1000))
            .measurementIterations(quick ? 2 : 5)
            .measurementTime(TimeValue.milliseconds(quick ? 300 : 1000));
    return rows(new Runner(o.build()).run(), "hot");
  }

  static List<Row> cold(boolean quick, String[] nodes, String[] groups, String ops)
      throws RunnerException {
    ChainedOptionsBuilder o =
        base(nodes, groups, ops)
            .mode(org.openjdk.jmh.annotations.Mode.SingleShotTime)
            .timeUnit(TimeUnit.MILLISECONDS)
            .jvmArgsAppend("-XX:TieredStopAtLevel=1")
            .forks(quick ? 1 : 3)
            .warmupIterations(0)
            .measurementIterations(1);
    return rows(new Runner(o.build()).run(), "cold");
  }

  private static ChainedOptionsBuilder base(String[] nodes, String[] groups, String ops) {
    return new OptionsBuilder()
        .include(PlannerBenchmark.class.getName() + "\\.(" + ops + ")$")
        .param("nodes", nodes)
        .param("groups", groups)
        .jvmArgs("-Xmx256m", "-Xms256m")
        .shouldFailOnError(true);
  }

  private static List<Row> rows(Collection<RunResult> results, String kind) {
    List<Row> rows = new ArrayList<>();
    for (RunResult r : results) {
      BenchmarkParams p = r.getParams();
      String op = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
      Result<?> primary = r.getPrimaryResult();
      Map<String, Result> secondary = r.getSecondaryResults();
      Result<?> alloc =
          secondary.entrySet().stream()
              .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
      double allocMb = alloc == null ? Double.NaN : alloc.getScore() / (1024 * 1024);
      rows.add(
          new Row(
              op + (kind.equals("cold") ? " (cold)" : ""),
              Integer.parseInt(p.getParam("nodes")),
              Integer.parseInt(p.getParam("groups")),
              p.getParam("networking"),
              primary.getScore(),
              primary.getScoreError(),
              allocMb));
    }
    rows.sort(
        java.util.Comparator.comparing(Row::op)
            .thenComparingInt(Row::groups)
            .thenComparingInt(Row::nodes));
    return rows;
  }
}
