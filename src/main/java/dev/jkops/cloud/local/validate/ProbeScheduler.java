package dev.jkops.cloud.local.validate;

import dev.jkops.cloud.report.Probe;
import dev.jkops.cloud.report.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs probes on a small fixed pool, within one deadline: the probes of one sender go to the runner
 * together ({@link ProbeRunner#runAll}), up to {@code parallelism} senders at once; a probe not
 * finished by the deadline is reported as failed, never waited on, and the pool is shut down either
 * way.
 */
public final class ProbeScheduler {
  /** Senders probing at once, each with its dozen or so probes in flight. */
  public static final int DEFAULT_PARALLELISM = 4;

  private final ProbeRunner runner;
  private final int parallelism;
  private final Duration deadline;

  public ProbeScheduler(ProbeRunner runner, int parallelism, Duration deadline) {
    if (parallelism < 1 || parallelism > 16) {
      throw new IllegalArgumentException("probe parallelism must be 1..16, not " + parallelism);
    }
    this.runner = runner;
    this.parallelism = parallelism;
    this.deadline = deadline;
  }

  /** Results in the order of {@code probes}. */
  public List<ProbeResult> runAll(List<Probe> probes) {
    Map<String, List<Integer>> bySender = new LinkedHashMap<>();
    for (int i = 0; i < probes.size(); i++) {
      bySender.computeIfAbsent(probes.get(i).from().netns(), k -> new ArrayList<>()).add(i);
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parallelism,
            r -> {
              Thread t = new Thread(r, "jkops-probe");
              t.setDaemon(true);
              return t;
            });
    try {
      List<List<Integer>> groups = new ArrayList<>(bySender.values());
      List<Future<List<ProbeResult>>> futures = new ArrayList<>();
      for (List<Integer> g : groups) {
        List<Probe> batch = g.stream().map(probes::get).toList();
        futures.add(pool.submit(() -> runner.runAll(batch)));
      }
      long end = System.nanoTime() + deadline.toNanos();
      ProbeResult[] results = new ProbeResult[probes.size()];
      for (int k = 0; k < groups.size(); k++) {
        List<Integer> g = groups.get(k);
        List<ProbeResult> got = await(futures.get(k), g.stream().map(probes::get).toList(), end);
        for (int j = 0; j < g.size(); j++) {
          results[g.get(j)] = got.get(j);
        }
      }
      return List.of(results);
    } finally {
      pool.shutdownNow();
    }
  }

  private List<ProbeResult> await(Future<List<ProbeResult>> f, List<Probe> batch, long end) {
    try {
      List<ProbeResult> got = f.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (got.size() != batch.size()) {
        return failAll(
            batch,
            "the probe runner returned " + got.size() + " results for " + batch.size() + " probes");
      }
      return got;
    } catch (TimeoutException e) {
      f.cancel(true);
      return failAll(
          batch, "not finished within validate's " + deadline.toSeconds() + "s probe deadline");
    } catch (ExecutionException e) {
      return failAll(batch, "probe failed: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failAll(batch, "interrupted");
    }
  }

  private static List<ProbeResult> failAll(List<Probe> batch, String why) {
    return batch.stream().map(p -> new ProbeResult(p, false, why, 0)).toList();
  }
}
