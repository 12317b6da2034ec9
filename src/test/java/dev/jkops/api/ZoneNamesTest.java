package dev.jkops.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneNamesTest {

  @Test
  void recognisesAwsZonesIncludingKopsTestZonesAndGovCloud() {
    assertThat(
            List.of(
                "us-east-1a", "us-test-1a", "ap-southeast-2b", "eu-central-1c", "us-gov-west-1a"))
        .allMatch(ZoneNames::isAwsZone);
    assertThat(List.of("zone-a", "us-east-1", "local", "US-EAST-1A", "a"))
        .noneMatch(ZoneNames::isAwsZone);
  }

  @Test
  void picksAwsForAwsZonesAndLocalOtherwise() {
    assertThat(ZoneNames.cloudFor(null, List.of("us-east-1a", "us-east-1b"))).isEqualTo("aws");
    assertThat(ZoneNames.cloudFor(null, List.of("zone-a"))).isEqualTo("local");
    assertThat(ZoneNames.cloudFor(null, List.of("us-east-1a", "zone-a"))).isEqualTo("local");
  }

  @Test
  void letsAnExplicitCloudWin() {
    assertThat(ZoneNames.cloudFor("local", List.of("us-east-1a"))).isEqualTo("local");
    assertThat(ZoneNames.cloudFor("AWS", List.of("zone-a"))).isEqualTo("aws");
  }
}
