package dev.jkops.cloud.aws;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the instance policies point: the ARN partition, the state store's buckets and key prefix
 * (the cluster's configBase) and the Route 53 hosted zone dns-controller edits.
 *
 * @param partition the ARN partition of the cluster's region ({@code aws}, {@code aws-cn}, {@code
 *     aws-us-gov})
 * @param readBucket the bucket the instances read the cluster's files from; empty when the store is
 *     not S3
 * @param writeBucket the bucket etcd backups go to (the same bucket for an {@code s3://} store)
 * @param clusterPrefix the key under which the cluster's files live, e.g. {@code
 *     clusters.example.com/my.example.com}
 * @param hostedZoneId the hosted zone of the cluster's DNS names; empty when not known (the grant
 *     then covers every zone, as dns-controller must find it by name)
 */
record IamPolicyScope(
    String partition,
    Optional<String> readBucket,
    Optional<String> writeBucket,
    String clusterPrefix,
    Optional<String> hostedZoneId) {

  /**
   * The scope a real cluster's spec gives: its region's partition, an {@code s3://} configBase, a
   * zone id in dnsZone.
   */
  static IamPolicyScope of(AwsCluster c) {
    Map<String, Object> extra = c.spec().extra();
    Optional<String> bucket = Optional.empty();
    String prefix = "";
    if (extra.get("configBase") instanceof String base && base.startsWith("s3://")) {
      String rest = base.substring("s3://".length()).replaceAll("/+$", "");
      int slash = rest.indexOf('/');
      bucket = Optional.of(slash < 0 ? rest : rest.substring(0, slash));
      prefix = slash < 0 ? "" : rest.substring(slash + 1);
    }
    // kops accepts either a zone name or a zone id in dnsZone; only an id can go into an ARN
    Optional<String> zone =
        extra.get("dnsZone") instanceof String z && z.matches("Z[A-Z0-9]+")
            ? Optional.of(z)
            : Optional.empty();
    return new IamPolicyScope(partitionOf(c.region()), bucket, bucket, prefix, zone);
  }

  static String partitionOf(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }

  String arn(String service, String resource) {
    return "arn:" + partition + ":" + service + ":" + resource;
  }

  /** The distinct buckets, read bucket first: bucket-level calls are granted once per bucket. */
  List<String> buckets() {
    Set<String> out = new LinkedHashSet<>();
    readBucket.ifPresent(out::add);
    writeBucket.ifPresent(out::add);
    return List.copyOf(out);
  }

  String objects(String bucket, String suffix) {
    String key = clusterPrefix.isEmpty() ? suffix : clusterPrefix + "/" + suffix;
    return arn("s3", "::" + bucket + "/" + key);
  }
}
