package dev.jkops.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration written as kops takes one, in Go's syntax ({@code time.ParseDuration}): a sequence of
 * decimal numbers, each with a unit, such as {@code 300ms}, {@code 10s}, {@code 5m}, {@code 1h},
 * {@code 1m30s} or {@code 1.5h}; units are {@code ns}, {@code us} (or {@code µs}), {@code ms},
 * {@code s}, {@code m} and {@code h}, and {@code 0} needs none. Unlike Go, a negative duration is
 * refused: every duration jkops takes is a wait or a limit, and a negative one means a typo.
 */
public final class GoDuration {
  private static final Pattern PART =
      Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");
  private static final String EXAMPLES = "write e.g. 300ms, 10s, 5m, 1h or 1m30s";

  private GoDuration() {}

  /**
   * {@code text} as a duration, or an error that names {@code name} (a flag such as {@code --wait},
   * or a field) and the text, and shows how to write one.
   */
  public static Duration parse(String name, String text) {
    String shown = text == null || text.isBlank() ? "\"" + (text == null ? "" : text) + "\"" : text;
    String t = text == null ? "" : text.strip();
    if (t.startsWith("-") && read(t.substring(1)).filter(d -> !d.isZero()).isPresent()) {
      throw new InvalidDurationException(name + " " + shown + " is negative; give 0s or more");
    }
    return read(t)
        .orElseThrow(
            () ->
                new InvalidDurationException(
                    name
                        + " "
                        + shown
                        + " is not a duration; "
                        + EXAMPLES
                        + (t.matches("[+]?\\d+(\\.\\d*)?") ? " (a number needs a unit)" : "")));
  }

  /**
   * {@code text} as a duration when it is one in Go's syntax and not negative; empty when it is
   * not.
   */
  public static Optional<Duration> read(String text) {
    String t = text.strip();
    if (t.equals("-0")) {
      return Optional.of(Duration.ZERO);
    }
    if (t.startsWith("+")) {
      t = t.substring(1);
    }
    if (t.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    if (t.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = PART.matcher(t);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < t.length()) {
      m.region(at, t.length());
      if (!m.lookingAt()) {
        return Optional.empty();
      }
      nanos =
          nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPer(m.group(2)))));
      at = m.end();
    }
    BigDecimal whole = nanos.setScale(0, RoundingMode.DOWN);
    if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return Optional.empty(); // Go refuses more than about 292 years too
    }
    return Optional.of(Duration.ofNanos(whole.longValueExact()));
  }

  private static long nanosPer(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "\u00b5s", "\u03bcs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw new IllegalArgumentException("unit " + unit);
    };
  }

  /** A flag or field that is not a duration; the message names it and shows how to write one. */
  public static final class InvalidDurationException extends ApiException {
    InvalidDurationException(String message) {
      super(message);
    }
  }
}
