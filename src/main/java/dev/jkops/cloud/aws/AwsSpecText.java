package dev.jkops.cloud.aws;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.InstanceGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The spec's free-text fields that reach AWS and the Terraform output, each checked against what
 * AWS accepts there before anything is built: an instance type, an image, zones, VPC and subnet
 * ids, etcd volume settings. The writers escape every string anyway ({@code ${} is never
 * evaluated); this catches a value that cannot be right with the field and the fix named,
 * instead of a Terraform or AWS error later.
 */
final class AwsSpecText {
  /** {@code t3.medium}, {@code m5d.2xlarge}, {@code u-6tb1.metal}. */
  static final Pattern MACHINE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");

  /**
   * An AMI id, {@code owner/name}, an {@code ssm:} parameter or a name: letters, digits and the
   * punctuation AMI names allow (AWS: {@code ( ) [ ] . / - ' @ _} and space), plus {@code : + , =}.
   */
  static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9()\\[\\]./'@_ :+,=-]{0,254}");

  /** {@code us-east-1a}, {@code us-west-2-lax-1a}, the tests' {@code us-test-1a}. */
  static final Pattern ZONE = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+[a-z]");

  static final Pattern VPC_ID = Pattern.compile("vpc-[0-9A-Za-z]+");
  static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9A-Za-z]+");
  static final List<String> VOLUME_TYPES =
      List.of("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard");

  /** A key id, {@code alias/...}, or an ARN of either. */
  static final Pattern KMS_KEY =
      Pattern.compile("(arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:)?(key/)?[A-Za-z0-9/_-]{1,250}");

  /** The shape of an IPv4 or IPv6 CIDR, nothing around it (the api layer checks the numbers). */
  static final Pattern CIDR = Pattern.compile("[0-9A-Fa-f.:]+/\\d{1,3}");

  private AwsSpecText() {}

  /** Throws one {@link AwsException} listing every field that cannot be what AWS takes there. */
  static void check(ClusterBundle bundle) {
    List<String> errors = new ArrayList<>();
    var spec = bundle.cluster().spec();
    List<ClusterSubnet> subnets = spec.subnetsOrEmpty();
    for (int i = 0; i < subnets.size(); i++) {
      ClusterSubnet s = subnets.get(i);
      String p = "spec.subnets[" + i + "]";
      if (s.zone() != null && !ZONE.matcher(s.zone()).matches()) {
        errors.add(
            p
                + ".zone "
                + shown(s.zone())
                + " is not an AWS zone; use a region followed by a letter, e.g. us-east-1a");
      }
      if (s.id() != null && !SUBNET_ID.matcher(s.id()).matches()) {
        errors.add(
            p
                + ".id "
                + shown(s.id())
                + " is not a subnet id; use the id of an existing subnet, e.g. subnet-0123456789abcdef0");
      }
    }
    for (var access :
        List.of(
            Map.entry("spec.sshAccess", list(spec.sshAccess())),
            Map.entry("spec.kubernetesApiAccess", list(spec.kubernetesApiAccess())))) {
      for (int i = 0; i < access.getValue().size(); i++) {
        String cidr = access.getValue().get(i);
        if (cidr == null || !CIDR.matcher(cidr).matches()) {
          errors.add(
              access.getKey()
                  + "["
                  + i
                  + "] "
                  + shown(String.valueOf(cidr))
                  + " is not a CIDR as AWS takes it"
                  + " (no spaces or other text); write it as 203.0.113.0/24 or ::/0");
        }
      }
    }
    if (spec.networkID() != null
        && !spec.networkID().isBlank()
        && !VPC_ID.matcher(spec.networkID()).matches()) {
      errors.add(
          "spec.networkID "
              + shown(spec.networkID())
              + " is not a VPC id; use the id of an existing VPC, e.g. vpc-0123456789abcdef0");
    }
    for (InstanceGroup ig : bundle.instanceGroups()) {
      String p = "instance group " + ig.name() + ": spec";
      String machineType = ig.spec().machineType();
      if (machineType != null
          && !machineType.isBlank()
          && !MACHINE_TYPE.matcher(machineType).matches()) {
        errors.add(
            p
                + ".machineType "
                + shown(machineType)
                + " is not an EC2 instance type; use one such as t3.medium");
      }
      Object image = ig.spec().extra().get("image");
      if (image != null && !IMAGE.matcher(image.toString()).matches()) {
        errors.add(
            p
                + ".image "
                + shown(image.toString())
                + " is not an image AWS can name; use an AMI id (ami-...),"
                + " owner/name, or an ssm: parameter");
      }
    }
    etcd(spec.extra().get("etcdClusters"), errors);
    if (!errors.isEmpty()) {
      throw new AwsException(
          "cluster "
              + bundle.name()
              + " has "
              + (errors.size() == 1 ? "a field" : errors.size() + " fields")
              + " AWS cannot take: "
              + String.join("; ", errors)
              + "; fix the spec with 'jkops edit' and run again");
    }
  }

  private static List<String> list(List<String> l) {
    return l == null ? List.of() : l;
  }

  private static void etcd(Object clusters, List<String> errors) {
    if (!(clusters instanceof List<?> list)) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) instanceof Map<?, ?> etcd
          && etcd.get("etcdMembers") instanceof List<?> members) {
        for (int j = 0; j < members.size(); j++) {
          if (members.get(j) instanceof Map<?, ?> m) {
            String p = "spec.etcdClusters[" + i + "].etcdMembers[" + j + "]";
            Object type = m.get("volumeType");
            if (type != null && !VOLUME_TYPES.contains(type.toString())) {
              errors.add(
                  p
                      + ".volumeType "
                      + shown(type.toString())
                      + " is not an EBS volume type; use one of "
                      + String.join(", ", VOLUME_TYPES));
            }
            Object key = m.get("kmsKeyId");
            if (key != null && !KMS_KEY.matcher(key.toString()).matches()) {
              errors.add(
                  p + ".kmsKeyId " + shown(key.toString()) + " is not a KMS key id, alias or ARN");
            }
          }
        }
      }
    }
  }

  /** The value quoted, with control characters made visible so the message stays one line. */
  private static String shown(String value) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.append('"').toString();
  }
}
