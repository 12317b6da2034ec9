package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.kernel.KernelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Independent reads of many namespaces, a few at a time, for commands that read the whole cluster. */
final class Parallel {
  private Parallel() {}

  /**
   * {@code f} applied to every item, up to {@code parallelism} at once, the results in the items' order.
   * Every item's work finishes before this returns; then the first failure is rethrown.
   */
  static <T, R> List<R> map(List<T> items, int parallelism, String threadName, Function<T, R> f) {
    if (items.size() <= 1 || parallelism <= 1) {
      return items.stream().map(f).toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, items.size()), r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> f.apply(item)));
      }
      List<R> out = new ArrayList<>();
      RuntimeException first = null;
      for (Future<R> future : futures) {
        try {
          out.add(future.get());
        } catch (ExecutionException e) {
          if (first == null) {
            first = e.getCause() instanceof RuntimeException r ? r
                : new KernelException("reading the cluster failed: " + e.getCause().getMessage(), e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new KernelException("interrupted while reading the cluster", e);
        }
      }
      if (first != null) {
        throw first;
      }
      return out;
    } finally {
      pool.shutdown();
    }
  }
}
