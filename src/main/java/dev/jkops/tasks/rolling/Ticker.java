package dev.jkops.tasks.rolling;

import java.time.Duration;

/** Time as a roll sees it: the real clock in use, a fake one in tests so no test waits. */
public interface Ticker {
  long nanos();

  void sleep(Duration d);

  Ticker SYSTEM =
      new Ticker() {
        @Override
        public long nanos() {
          return System.nanoTime();
        }

        @Override
        public void sleep(Duration d) {
          try {
            Thread.sleep(d.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RollingUpdateException(
                "interrupted; run rolling-update again to continue where it stopped", e);
          }
        }
      };
}
