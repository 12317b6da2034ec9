package dev.jkops.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns planner rows into the doc's tables (operations down, cluster sizes across) and plot series.
 */
final class PlannerSection {
  private PlannerSection() {}

  static MarkdownTable pivot(List<PlannerBench.Row> rows, boolean withAlloc) {
    TreeSet<Integer> sizes = new TreeSet<>();
    rows.forEach(r -> sizes.add(r.nodes()));
    List<String> header = new ArrayList<>(List.of("operation", "groups"));
    sizes.forEach(n -> header.add(n + " nodes (ms)"));
    header.add("growth, last step");
    if (withAlloc) {
      header.add("allocated at " + sizes.last() + " (MB/op)");
    }
    MarkdownTable t = new MarkdownTable(header.toArray(String[]::new));
    Map<String, TreeMap<Integer, PlannerBench.Row>> byKey = new LinkedHashMap<>();
    rows.forEach(
        r ->
            byKey
                .computeIfAbsent(r.op() + "\t" + r.groups(), k -> new TreeMap<>())
                .put(r.nodes(), r));
    byKey.forEach(
        (k, m) -> {
          List<Object> cells = new ArrayList<>(List.of(k.split("\t")));
          sizes.forEach(n -> cells.add(m.containsKey(n) ? fmt(m.get(n).ms()) : "-"));
          cells.add(growth(m));
          if (withAlloc) {
            PlannerBench.Row last = m.get(m.lastKey());
            cells.add(Double.isNaN(last.allocMb()) ? "-" : MarkdownTable.num(last.allocMb(), 1));
          }
          t.row(cells.toArray());
        });
    return t;
  }

  /**
   * Time per node at the largest size over time per node at the one before, over the size step:
   * "1.0x per node" is linear; the first value is the time ratio, the second the node ratio it
   * covers.
   */
  static String growth(Map<Integer, PlannerBench.Row> bySize) {
    if (bySize.size() < 2) {
      return "-";
    }
    List<Integer> n = new ArrayList<>(bySize.keySet());
    int a = n.get(n.size() - 2);
    int b = n.get(n.size() - 1);
    double time = bySize.get(b).ms() / bySize.get(a).ms();
    return MarkdownTable.ratio(time)
        + " time for "
        + MarkdownTable.ratio((double) b / a)
        + " nodes";
  }

  static String fmt(double ms) {
    return ms >= 100
        ? MarkdownTable.num(ms, 0)
        : ms >= 1 ? MarkdownTable.num(ms, 1) : MarkdownTable.num(ms, 3);
  }

  /** One series per operation (at the given group count): ms against nodes. */
  static Map<String, List<double[]>> series(List<PlannerBench.Row> rows, int groups) {
    Map<String, List<double[]>> out = new LinkedHashMap<>();
    rows.stream()
        .filter(r -> r.groups() == groups)
        .forEach(
            r ->
                out.computeIfAbsent(r.op(), k -> new ArrayList<>())
                    .add(new double[] {r.nodes(), r.ms()}));
    return out;
  }
}
