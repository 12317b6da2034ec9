package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Runs a piece of a test with the JVM's default locale set to one whose numbers are written in
 * digits of its own (Egyptian Arabic's Arabic-Indic digits), as on a user's machine with {@code
 * LANG=ar_EG.UTF-8}, and the default put back after. Tests run one at a time (no parallel execution
 * is configured), so the change is seen by nothing else.
 */
public final class ForeignDigits {
  public static final Locale ARABIC_DIGITS = Locale.forLanguageTag("ar-EG-u-nu-arab");

  private ForeignDigits() {}

  public static <T> T call(Supplier<T> work) {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(ARABIC_DIGITS);
      assertThat(String.format("%d", 1))
          .as("this JDK writes the locale's own digits")
          .isEqualTo("١");
      return work.get();
    } finally {
      Locale.setDefault(before);
    }
  }

  /** Whether {@code text} is all ASCII (no other script's digits crept in). */
  public static boolean ascii(String text) {
    return text.chars().allMatch(c -> c < 128);
  }
}
