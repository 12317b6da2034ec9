package dev.jkops.cloud.aws;

import dev.jkops.api.InstanceGroup;
import dev.jkops.api.InstanceGroupSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How an instance group's instances are launched beyond type and image, read from kops' instance
 * group fields with kops' defaults: the root volume ({@code rootVolume}, or the older {@code
 * rootVolumeSize}/{@code rootVolumeType}/...), detailed monitoring ({@code
 * detailedInstanceMonitoring}), the metadata service ({@code instanceMetadata}) and the group's
 * {@code maxInstanceLifetime}. Terraform output and the direct target write them alike.
 *
 * @param maxInstanceLifetimeSeconds 0 for none
 * @param ipv6 an IPv6 cluster's instance (kops): one IPv6 address on its interface, the metadata
 *     service reachable over IPv6 too (IPv6-only subnets have no IPv4 path to it), no public IPv4
 */
record InstanceSettings(
    RootVolume rootVolume,
    boolean detailedMonitoring,
    int hopLimit,
    String httpTokens,
    long maxInstanceLifetimeSeconds,
    boolean ipv6) {

  /**
   * kops' root device for its images; the AMI is not looked up, so its own root device name is not
   * known.
   */
  static final String ROOT_DEVICE = "/dev/xvda";

  static final int GP3_IOPS = 3000;
  static final int GP3_THROUGHPUT = 125;

  /** AWS takes no lifetime (0) or one from a day to a year. */
  static final long MIN_LIFETIME = 86_400;

  static final long MAX_LIFETIME = 31_536_000;

  record RootVolume(
      int sizeGb,
      String type,
      Optional<Integer> iops,
      Optional<Integer> throughput,
      boolean encrypted) {}

  /** A placeholder for a live template about to be read. */
  static final InstanceSettings DEFAULT =
      new InstanceSettings(
          new RootVolume(0, "gp3", Optional.empty(), Optional.empty(), true),
          false,
          1,
          "required",
          0,
          false);

  static InstanceSettings of(InstanceGroup ig) {
    InstanceGroupSpec spec = ig.spec();
    Map<String, Object> extra = spec.extra();
    String p = "instance group " + ig.name() + ": spec.";
    List<String> errors = new ArrayList<>();
    Map<?, ?> root = extra.get("rootVolume") instanceof Map<?, ?> m ? m : Map.of();
    int defaultSize = spec.isControlPlane() ? 64 : spec.isBastion() ? 32 : 128;
    int size =
        integer(first(root.get("size"), extra.get("rootVolumeSize")), p + "rootVolume.size", errors)
            .orElse(defaultSize);
    String type =
        Optional.ofNullable(first(root.get("type"), extra.get("rootVolumeType")))
            .map(Object::toString)
            .orElse("gp3");
    if (!AwsSpecText.VOLUME_TYPES.contains(type)) {
      errors.add(
          p
              + "rootVolume.type \""
              + type
              + "\" is not an EBS volume type; use one of "
              + String.join(", ", AwsSpecText.VOLUME_TYPES));
    }
    Optional<Integer> iops =
        integer(first(root.get("iops"), extra.get("rootVolumeIops")), p + "rootVolume.iops", errors)
            .or(() -> "gp3".equals(type) ? Optional.of(GP3_IOPS) : Optional.empty());
    Optional<Integer> throughput =
        integer(
                first(root.get("throughput"), extra.get("rootVolumeThroughput")),
                p + "rootVolume.throughput",
                errors)
            .or(() -> "gp3".equals(type) ? Optional.of(GP3_THROUGHPUT) : Optional.empty());
    Object encryption = first(root.get("encryption"), extra.get("rootVolumeEncryption"));
    boolean encrypted = encryption == null || Boolean.parseBoolean(encryption.toString());

    Map<?, ?> metadata = extra.get("instanceMetadata") instanceof Map<?, ?> m ? m : Map.of();
    int hopLimit =
        integer(
                metadata.get("httpPutResponseHopLimit"),
                p + "instanceMetadata.httpPutResponseHopLimit",
                errors)
            .orElse(1);
    if (hopLimit < 1 || hopLimit > 64) {
      errors.add(
          p + "instanceMetadata.httpPutResponseHopLimit " + hopLimit + " is outside AWS' 1 to 64");
    }
    String tokens =
        Optional.ofNullable(metadata.get("httpTokens")).map(Object::toString).orElse("required");
    if (!List.of("required", "optional").contains(tokens)) {
      errors.add(p + "instanceMetadata.httpTokens \"" + tokens + "\" must be required or optional");
    }
    boolean monitoring =
        Boolean.parseBoolean(String.valueOf(extra.get("detailedInstanceMonitoring")));
    long lifetime = lifetime(extra.get("maxInstanceLifetime"), p + "maxInstanceLifetime", errors);
    if (!errors.isEmpty()) {
      throw new AwsException(
          String.join("; ", errors) + "; fix the instance group with 'jkops edit'");
    }
    return new InstanceSettings(
        new RootVolume(size, type, iops, throughput, encrypted),
        monitoring,
        hopLimit,
        tokens,
        lifetime,
        false);
  }

  /** The same settings for an instance of an IPv6 cluster ({@code ipv6} true) or not. */
  InstanceSettings withIpv6(boolean on) {
    return new InstanceSettings(
        rootVolume, detailedMonitoring, hopLimit, httpTokens, maxInstanceLifetimeSeconds, on);
  }

  /**
   * A Go duration ({@code 48h20m}, {@code 0}, {@code 720h}) in whole seconds, within what AWS
   * takes.
   */
  static long lifetime(Object value, String field, List<String> errors) {
    if (value == null) {
      return 0;
    }
    String text = value.toString().strip();
    Optional<java.time.Duration> lifetime = dev.jkops.api.GoDuration.read(text);
    if (lifetime.isEmpty()) {
      errors.add(field + " \"" + text + "\" is not a duration; write it as 48h20m or 720h");
      return 0;
    }
    long s = lifetime.get().getSeconds();
    if (s != 0 && (s < MIN_LIFETIME || s > MAX_LIFETIME)) {
      errors.add(
          field
              + " "
              + text
              + " is "
              + s
              + " s; AWS takes 0 (no limit) or from 24h to 8760h (a year)");
    }
    return s;
  }

  private static Object first(Object a, Object b) {
    return a != null ? a : b;
  }

  private static Optional<Integer> integer(Object v, String field, List<String> errors) {
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(v.toString().strip()));
    } catch (NumberFormatException e) {
      errors.add(field + " \"" + v + "\" is not a whole number");
      return Optional.empty();
    }
  }
}
