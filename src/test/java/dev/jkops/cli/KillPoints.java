package dev.jkops.cli;

import java.util.List;
import java.util.stream.LongStream;

/**
 * Which kill points a crash harness tries: the handful CI runs, or, with
 * {@code -Djkops.kill.every=true} ({@code scripts/reliability --large}), every point from 1 up.
 */
final class KillPoints {
  static final boolean EVERY = Boolean.getBoolean("jkops.kill.every");

  private KillPoints() {}

  /** CI's points, or every point from 1 to {@code max} in the larger run. */
  static List<Long> of(long[] ci, long max) {
    return (EVERY ? LongStream.rangeClosed(1, max) : LongStream.of(ci)).boxed().toList();
  }
}
