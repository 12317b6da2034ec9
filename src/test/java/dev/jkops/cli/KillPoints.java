package dev.jkops.cli;

import java.util.List;
import java.util.stream.LongStream;

/**
 * Which kill points a crash harness tries: the handful CI runs, or, with {@code
 * -Djkops.kill.every=true} ({@code scripts/reliability --large}), every point from 1 up. {@code
 * -Djkops.kill.max=N} stops the every-point run at N, so one class of the larger run can be given
 * the time it fits in (a roll killed after every command in turn is quadratic: each rerun reads the
 * cluster again before it gets further).
 */
final class KillPoints {
  static final boolean EVERY = Boolean.getBoolean("jkops.kill.every");
  static final long MAX = Long.getLong("jkops.kill.max", Long.MAX_VALUE);

  private KillPoints() {}

  /**
   * CI's points, or every point from 1 to {@code max} (at most {@code jkops.kill.max}) in the
   * larger run.
   */
  static List<Long> of(long[] ci, long max) {
    return (EVERY ? LongStream.rangeClosed(1, Math.min(max, MAX)) : LongStream.of(ci))
        .boxed()
        .toList();
  }
}
