package dev.jkops.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The planner's CPU time per call on this thread (hot, median of several calls), beside JMH's wall
 * time: on a machine whose load average is many times its core count, wall time mostly measures the
 * wait for a core, while the thread's CPU time is what the work itself costs.
 */
final class PlannerCpu {
  private PlannerCpu() {}

  /** Median CPU milliseconds per call of each operation, keyed "op nodes". */
  static Map<String, Double> measure(int[] nodes, int groups, boolean quick) {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Map<String, Double> out = new LinkedHashMap<>();
    for (int n : nodes) {
      PlannerBenchmark b = new PlannerBenchmark();
      b.nodes = n;
      b.groups = groups;
      b.networking = "calico";
      b.setUp();
      Map<String, Supplier<Object>> ops = new LinkedHashMap<>();
      ops.put("plan", b::plan);
      ops.put("awsDryRun", b::awsDryRun);
      ops.put("terraform", b::terraform);
      for (Map.Entry<String, Supplier<Object>> op : ops.entrySet()) {
        int warm = quick ? 3 : 8;
        int runs = quick ? 5 : 9;
        for (int i = 0; i < warm; i++) {
          var unused = op.getValue().get(); // the work is the point; the result is not needed
        }
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
          long c0 = mx.getCurrentThreadCpuTime();
          var unused = op.getValue().get(); // the work is the point; the result is not needed
          cpu.add((mx.getCurrentThreadCpuTime() - c0) / 1e6);
        }
        out.put(op.getKey() + " " + n, new Samples(cpu).median());
      }
    }
    return out;
  }
}
