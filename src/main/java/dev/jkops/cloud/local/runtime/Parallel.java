package dev.jkops.cloud.local.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Independent work on many namespaces, a few at a time: reading every instance of the cluster, or
 * creating and deleting the pods of different nodes (each node has its own CNI configuration and
 * address range).
 */
public final class Parallel {
  private Parallel() {}

  /**
   * {@code f} applied to every item, up to {@code parallelism} at once, the results in the items'
   * order. Every item's work finishes before this returns; then the first failure is rethrown as it
   * was, or, when it is not a RuntimeException, as {@code failure} makes it from "{@code what}
   * failed: ..." (also for an interrupt).
   */
  public static <T, R> List<R> map(
      List<T> items,
      int parallelism,
      String threadName,
      Function<T, R> f,
      String what,
      BiFunction<String, Throwable, RuntimeException> failure) {
    if (items.size() <= 1 || parallelism <= 1) {
      return items.stream().map(f).toList();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelism, items.size()),
            r -> {
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
            first =
                e.getCause() instanceof RuntimeException r
                    ? r
                    : failure.apply(what + " failed: " + e.getCause().getMessage(), e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw failure.apply("interrupted while " + what, e);
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
