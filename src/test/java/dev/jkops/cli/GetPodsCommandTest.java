package dev.jkops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AGE column's reading of a pod record's creation time, which must be Instant.parse's. */
class GetPodsCommandTest {

  @Test
  void readsEveryCreationTimeAsInstantParseDoes() {
    for (String s :
        List.of(
            "2026-12-06T01:04:05Z",
            "2026-12-06T01:04:05.1Z",
            "2026-12-06T01:04:05.123456Z",
            "2026-12-06T01:04:05.123456789Z",
            "2024-02-29T23:59:59.999Z",
            "1970-01-01T00:00:00Z",
            "2026-12-06t01:04:05z",
            "2026-12-06T01:04:05.Z",
            Instant.now().toString())) {
      assertThat(GetPodsCommand.instant(s)).as(s).isEqualTo(Instant.parse(s));
    }
  }

  @Test
  void aTimeInstantParseRefusesIsRefusedWithItsMessage() {
    for (String s :
        List.of(
            "2026-02-30T01:04:05Z",
            "2026-12-06T25:04:05Z",
            "2026-12-06T01:04:05.1234567890Z",
            "2026-12-06 01:04:05Z",
            "2026-12-O6T01:04:05Z",
            "yesterday")) {
      String expected;
      try {
        Instant.parse(s);
        throw new AssertionError("Instant.parse read " + s);
      } catch (DateTimeParseException e) {
        expected = e.getMessage();
      }
      assertThatThrownBy(() -> GetPodsCommand.instant(s))
          .as(s)
          .isInstanceOf(DateTimeParseException.class)
          .hasMessage(expected);
    }
  }
}
