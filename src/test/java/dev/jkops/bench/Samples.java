package dev.jkops.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Repeated measurements of one thing (milliseconds, megabits...). Benchmarks on a shared machine
 * quote medians, which one slow run cannot move, and compare against a baseline measured in the
 * same run.
 */
public record Samples(List<Double> values) {

  public Samples {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("a measurement needs at least one sample");
    }
    values = List.copyOf(values);
  }

  public static Samples of(double... values) {
    List<Double> v = new ArrayList<>();
    for (double d : values) {
      v.add(d);
    }
    return new Samples(v);
  }

  /** The middle value; the mean of the two middle ones for an even count. */
  public double median() {
    return quantile(0.5);
  }

  public double min() {
    return Collections.min(values);
  }

  public double max() {
    return Collections.max(values);
  }

  /** Linear interpolation between closest ranks (q in [0, 1]). */
  public double quantile(double q) {
    if (q < 0 || q > 1) {
      throw new IllegalArgumentException("quantile " + q + " is outside [0, 1]");
    }
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    double pos = q * (s.size() - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return s.get(lo) + (s.get(hi) - s.get(lo)) * (pos - lo);
  }

  /** This median over the baseline's: 1.0 is as fast, 2.0 twice the baseline's time. */
  public double ratioTo(Samples baseline) {
    double b = baseline.median();
    if (b <= 0) {
      throw new IllegalArgumentException(
          "the baseline's median is " + b + "; a ratio needs a positive baseline");
    }
    return median() / b;
  }

  public int count() {
    return values.size();
  }
}
