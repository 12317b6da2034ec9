package dev.jkops.cloud.local.validate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs probes in parallel on a small fixed pool, within one deadline: a probe not finished by then
 * is reported as failed, never waited on, and the pool is shut down either way.
 */
public final class ProbeScheduler {
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
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "jkops-probe");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<ProbeResult>> futures = new ArrayList<>();
      for (Probe p : probes) {
        futures.add(pool.submit(() -> runner.run(p)));
      }
      long end = System.nanoTime() + deadline.toNanos();
      List<ProbeResult> results = new ArrayList<>();
      for (int i = 0; i < probes.size(); i++) {
        results.add(await(futures.get(i), probes.get(i), end));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private ProbeResult await(Future<ProbeResult> f, Probe p, long end) {
    try {
      return f.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return new ProbeResult(p, false, "not finished within validate's " + deadline.toSeconds() + "s probe deadline", 0);
    } catch (ExecutionException e) {
      return new ProbeResult(p, false, "probe failed: " + e.getCause().getMessage(), 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ProbeResult(p, false, "interrupted", 0);
    }
  }
}
