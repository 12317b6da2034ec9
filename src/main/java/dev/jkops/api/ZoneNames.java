package dev.jkops.api;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which cloud a set of zone names belongs to. kops guesses the cloud from the state store; jkops
 * has two clouds and guesses from the zones instead: AWS zones look like {@code us-east-1a} (and
 * kops' test zones {@code us-test-1a}); anything else is a zone of the embedded local cloud.
 */
public final class ZoneNames {
  private ZoneNames() {}

  public static final String AWS = "aws";
  public static final String LOCAL = "local";
  public static final List<String> CLOUDS = List.of(AWS, LOCAL);

  /** region ({@code us-east-1}, {@code us-gov-west-1}) followed by one zone letter. */
  private static final Pattern AWS_ZONE =
      Pattern.compile("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+[a-z]$");

  public static boolean isAwsZone(String zone) {
    return zone != null && AWS_ZONE.matcher(zone).matches();
  }

  /** The explicit cloud when given; else aws when every zone is an AWS zone; else local. */
  public static String cloudFor(String explicitCloud, List<String> zones) {
    if (explicitCloud != null && !explicitCloud.isBlank()) {
      return explicitCloud.trim().toLowerCase(java.util.Locale.ROOT);
    }
    return !zones.isEmpty() && zones.stream().allMatch(ZoneNames::isAwsZone) ? AWS : LOCAL;
  }
}
