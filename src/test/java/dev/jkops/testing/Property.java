package dev.jkops.testing;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Property-based testing in a few lines, on plain JUnit: a generator draws inputs from a seeded
 * {@link Random}, a check runs on each, and a failure reports the seed and the input so the run can
 * be repeated exactly ({@code -Djkops.fuzz.seed=S}). The number of tries is bounded so CI stays
 * fast; {@code -Djkops.fuzz.tries=N} (or scripts/reliability --large) runs more.
 *
 * <p>Why not jqwik: since 1.10 its maintainer asks that it not be used by AI coding agents (its
 * "Anti-AI Usage Clause"), and jkops is partly written by one; see docs/reliability.md.
 */
public final class Property {
  private Property() {}

  /** The number of tries: {@code jkops.fuzz.tries} if set, else {@code ciDefault}. */
  public static int tries(int ciDefault) {
    String v = System.getProperty("jkops.fuzz.tries");
    return v == null || v.isBlank() ? ciDefault : Integer.parseInt(v.trim());
  }

  /** The seed: {@code jkops.fuzz.seed} if set, else a fresh one (printed when a try fails). */
  public static long seed() {
    String v = System.getProperty("jkops.fuzz.seed");
    return v == null || v.isBlank() ? new Random().nextLong() : Long.parseLong(v.trim());
  }

  /**
   * Runs {@code check} on {@code tries} inputs from {@code gen}. Each try has its own seed derived
   * from the run's, so one failing try can be replayed alone.
   *
   * @return the number of tries run
   */
  public static <T> int forAll(
      String property, int tries, Function<Random, T> gen, Consumer<T> check) {
    long seed = seed();
    Random seeds = new Random(seed);
    for (int i = 0; i < tries; i++) {
      long trySeed = seeds.nextLong();
      T input = gen.apply(new Random(trySeed));
      try {
        check.accept(input);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            property
                + " failed on try "
                + (i + 1)
                + " of "
                + tries
                + " (run seed "
                + seed
                + ", -Djkops.fuzz.seed="
                + seed
                + " repeats it) with input:\n"
                + show(input)
                + "\n"
                + e.getMessage(),
            e);
      }
    }
    return tries;
  }

  private static String show(Object input) {
    String s =
        input instanceof Object[] a
            ? String.join(" | ", java.util.Arrays.stream(a).map(String::valueOf).toList())
            : input instanceof List<?> l
                ? String.join(" ", l.stream().map(x -> "'" + x + "'").toList())
                : String.valueOf(input);
    return s.length() > 4000 ? s.substring(0, 4000) + "... (" + s.length() + " chars)" : s;
  }

  // ---- generators -------------------------------------------------------------------------

  public static <T> T oneOf(Random r, List<T> items) {
    return items.get(r.nextInt(items.size()));
  }

  /**
   * Names meant to escape their place: paths, shell metacharacters, over-long, unicode, control
   * bytes.
   */
  public static final List<String> HOSTILE =
      List.of(
          "../x",
          "..",
          "a/b",
          "/etc/passwd",
          "x;rm -rf /",
          "$(id)",
          "`id`",
          "a b",
          "a\nb",
          "A.example.com",
          "-rf",
          "--yes",
          "x|y",
          "x&y",
          "x>y",
          "*",
          "~",
          "a..b",
          ".",
          "jk-$(reboot)",
          "é.example.com",
          "\u0000",
          "\u202e",
          "x".repeat(300),
          "a." + "b".repeat(64) + ".com",
          "%2e%2e",
          "c.example.com/../d",
          "\t",
          "'",
          "\"",
          "\\",
          "{}",
          "[]",
          "~root",
          "a\rb");

  public static String asciiGarbage(Random r, int maxLen) {
    int n = r.nextInt(maxLen + 1);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) (r.nextInt(95) + 32));
    }
    return b.toString();
  }

  /** Any bytes decoded as UTF-8 (invalid sequences become U+FFFD), including control characters. */
  public static String byteGarbage(Random r, int maxLen) {
    byte[] b = new byte[r.nextInt(maxLen + 1)];
    r.nextBytes(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A hostile name, ASCII garbage, or a plausible value. */
  public static String token(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> oneOf(r, HOSTILE);
      case 1 -> asciiGarbage(r, 20);
      case 2 -> String.valueOf(r.nextInt(2000) - 1000);
      case 3 ->
          r.nextInt(256)
              + "."
              + r.nextInt(256)
              + "."
              + r.nextInt(300)
              + "."
              + r.nextInt(256)
              + "/"
              + r.nextInt(40);
      case 4 ->
          oneOf(
              r,
              List.of(
                  "kubenet",
                  "calico",
                  "flannel",
                  "cni",
                  "us-east-1a",
                  "zone-a",
                  "yaml",
                  "json",
                  "aws",
                  "local",
                  "private",
                  "public",
                  "true",
                  "-1",
                  "0",
                  "v1.32.0",
                  "c.example.com"));
      default -> byteGarbage(r, 12);
    };
  }
}
