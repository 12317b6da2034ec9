package dev.jkops.cloud.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.api.ForeignDigits;
import org.junit.jupiter.api.Test;

/** update's "[n/total] created ..." lines, as kops prints them, whatever the user's locale. */
class ProgressLineTest {
  @Test
  void theCountIsPaddedToTheTotalsWidthInAsciiDigits() {
    assertThat(
            ForeignDigits.call(
                () ->
                    LocalCloud.progressLine(7, 69, "created", "Route/c.example.com/100.96.0.0/24")))
        .isEqualTo("[ 7/69] created Route/c.example.com/100.96.0.0/24");
    assertThat(LocalCloud.progressLine(69, 69, "deleted", "Instance/nodes-a-1"))
        .isEqualTo("[69/69] deleted Instance/nodes-a-1");
  }
}
