package dev.jkops.bench;

import java.util.ArrayList;
import java.util.List;

/** The planner benchmarks: JMH hot and cold runs, tables and plots. */
final class PlannerRun {
  private PlannerRun() {}

  static String run(boolean quick, Report report) throws Exception {
    String[] nodes = {"10", "100", "1000", "5000"};
    String[] groups = quick ? new String[] {"10"} : new String[] {"1", "10", "100"};
    List<PlannerBench.Row> hot = PlannerBench.hot(quick, nodes, groups, "plan|awsDryRun|terraform");
    List<PlannerBench.Row> local =
        PlannerBench.hot(quick, nodes, new String[] {"10"}, "localDryRun");
    List<PlannerBench.Row> cold =
        PlannerBench.cold(quick, nodes, new String[] {"10"}, "awsDryRun|terraform");
    int[] sizes = {10, 100, 1000, 5000};
    java.util.Map<String, Double> cpu = PlannerCpu.measure(sizes, 10, quick);
    MarkdownTable cpuTable =
        new MarkdownTable(
            "operation (10 groups)",
            "10 nodes",
            "100 nodes",
            "1000 nodes",
            "5000 nodes",
            "growth 1000 -> 5000");
    for (String op : List.of("plan", "awsDryRun", "terraform")) {
      List<Object> cells = new ArrayList<>(List.of(op));
      for (int n : sizes) {
        cells.add(PlannerSection.fmt(cpu.get(op + " " + n)));
      }
      cells.add(
          MarkdownTable.ratio(cpu.get(op + " 5000") / cpu.get(op + " 1000"))
              + " time for 5.00x nodes");
      cpuTable.row(cells.toArray());
    }
    List<String> lines = new ArrayList<>();
    cpu.forEach(
        (k, v) ->
            lines.add(
                "cpu "
                    + k.replace(' ', '\t')
                    + "\t10\tcalico\t"
                    + MarkdownTable.num(v, 3)
                    + "\t\t"));
    for (List<PlannerBench.Row> rs : List.of(hot, local, cold)) {
      rs.forEach(
          r ->
              lines.add(
                  r.op()
                      + "\t"
                      + r.nodes()
                      + "\t"
                      + r.groups()
                      + "\t"
                      + r.mode()
                      + "\t"
                      + MarkdownTable.num(r.ms(), 3)
                      + "\t"
                      + MarkdownTable.num(r.msError(), 3)
                      + "\t"
                      + MarkdownTable.num(r.allocMb(), 2)));
    }
    report.tsvLines("planner", "op\tnodes\tgroups\tnetworking\tms\terror_ms\talloc_mb", lines);
    MarkdownTable hotTable = PlannerSection.pivot(hot, true);
    MarkdownTable localTable = PlannerSection.pivot(local, true);
    MarkdownTable coldTable = PlannerSection.pivot(cold, false);
    String hotPng =
        report.plot(
            "planner-hot.png",
            "Planning and rendering, hot (10 instance groups, -Xmx256m)",
            "nodes",
            "ms per call",
            PlannerSection.series(hot, 10),
            true);
    String coldPng =
        report.plot(
            "planner-cold.png",
            "Planning and rendering, first call in a fresh JVM (C1, -Xmx256m)",
            "nodes",
            "ms",
            PlannerSection.series(cold, 10),
            true);
    System.out.println(cpuTable.text());
    System.out.println(hotTable.text());
    System.out.println(localTable.text());
    System.out.println(coldTable.text());
    return "JMH 1.37, "
        + (quick
            ? "quick settings (1 warm-up, 2 measured iterations of 0.3 s)"
            : "3 warm-up and 5 measured iterations of 1 s")
        + ", one fork with `-Xmx256m -Xms256m`; networking calico; every operation includes completing the spec and"
        + " planning the network. Allocation is JMH's `gc.alloc.rate.norm`.\n\n"
        + "CPU time per call on the calling thread (hot, median; in the benchmark JVM, default heap), which the"
        + " machine's load does not inflate the way it inflates wall time:\n\n"
        + cpuTable.markdown()
        + "\nJMH, hot (average wall time per call after warm-up):\n\n"
        + hotTable.markdown()
        + "\nThe local cloud's dry run (designing namespaces, bridges, firewall sets and peers for every node):\n\n"
        + localTable.markdown()
        + "\nCold: one call in a fresh JVM with the launcher's `-XX:TieredStopAtLevel=1`, as `jkops update cluster` runs it"
        + " (JMH single-shot, "
        + (quick ? 1 : 3)
        + " forks), class loading and JIT included:\n\n"
        + coldTable.markdown()
        + "\n![hot]("
        + hotPng
        + ")\n\n![cold]("
        + coldPng
        + ")\n";
  }
}
