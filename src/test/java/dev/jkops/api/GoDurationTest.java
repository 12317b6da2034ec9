package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Go's time.ParseDuration syntax, which kops' duration flags take; values checked against Go's
 * results.
 */
class GoDurationTest {
  @Test
  void acceptsWhatGoAccepts() {
    assertThat(GoDuration.parse("--x", "300ms")).isEqualTo(Duration.ofMillis(300));
    assertThat(GoDuration.parse("--x", "10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(GoDuration.parse("--x", "5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(GoDuration.parse("--x", "1h")).isEqualTo(Duration.ofHours(1));
    assertThat(GoDuration.parse("--x", "1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(GoDuration.parse("--x", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("--x", "2h45m10s500ms"))
        .isEqualTo(Duration.ofMillis(((2 * 60 + 45) * 60 + 10) * 1000L + 500));
    assertThat(GoDuration.parse("--x", "0")).isZero();
    assertThat(GoDuration.parse("--x", "0s")).isZero();
    assertThat(GoDuration.parse("--x", "+5s")).isEqualTo(Duration.ofSeconds(5));
    // fractions, any order, repeats, and the small units, as Go: 1.5h = 90m, .5s = 500ms, 1s1h =
    // 1h0m1s
    assertThat(GoDuration.parse("--x", "1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("--x", ".5s")).isEqualTo(Duration.ofMillis(500));
    assertThat(GoDuration.parse("--x", "5.s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(GoDuration.parse("--x", "1s1h")).isEqualTo(Duration.ofSeconds(3601));
    assertThat(GoDuration.parse("--x", "1ms1ms")).isEqualTo(Duration.ofMillis(2));
    assertThat(GoDuration.parse("--x", "10us")).isEqualTo(Duration.ofNanos(10_000));
    assertThat(GoDuration.parse("--x", "10\u00b5s")).isEqualTo(Duration.ofNanos(10_000));
    assertThat(GoDuration.parse("--x", "7ns")).isEqualTo(Duration.ofNanos(7));
    assertThat(GoDuration.parse("--x", "1.0000000009s"))
        .isEqualTo(Duration.ofNanos(1_000_000_000)); // Go truncates
    assertThat(GoDuration.parse("--x", " 15s ")).isEqualTo(Duration.ofSeconds(15));
    assertThat(GoDuration.parse("--x", "2562047h"))
        .isEqualTo(Duration.ofHours(2_562_047)); // near Go's maximum
  }

  @Test
  void refusesWhatGoRefusesNamingTheFlag() {
    for (String bad :
        new String[] {
          "soon", "10", "1.5", "5 m", "1d", "m", "1h-5m", "ms", ".s", "1e3s", "2562048h"
        }) {
      assertThatThrownBy(() -> GoDuration.parse("--wait", bad))
          .as(bad)
          .isInstanceOf(UserFacingException.class)
          .hasMessageStartingWith(
              "--wait " + bad + " is not a duration; write e.g. 300ms, 10s, 5m, 1h or 1m30s");
    }
    assertThatThrownBy(() -> GoDuration.parse("--wait", "10"))
        .hasMessageEndingWith("(a number needs a unit)");
    assertThatThrownBy(() -> GoDuration.parse("--node-interval", ""))
        .isInstanceOf(UserFacingException.class)
        .hasMessageStartingWith("--node-interval \"\" is not a duration");
  }

  @Test
  void refusesANegativeDuration() {
    assertThatThrownBy(() -> GoDuration.parse("--master-interval", "-15s"))
        .isInstanceOf(UserFacingException.class)
        .hasMessage("--master-interval -15s is negative; give 0s or more");
    assertThat(GoDuration.parse("--x", "-0")).isZero();
    assertThat(GoDuration.read("-15s")).isEmpty();
  }
}
