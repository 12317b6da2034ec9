package dev.jkops.cloud.aws;

import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.InstanceGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One EBS volume per member of each etcd cluster in {@code spec.etcdClusters} (kops writes {@code
 * main} and {@code events}), with kops' defaults: 20 GB gp3 at 3000 IOPS and 125 MB/s, not
 * encrypted unless the member says {@code encryptedVolume: true}.
 */
final class EtcdVolumes {
  static final int DEFAULT_SIZE_GB = 20;
  static final String DEFAULT_TYPE = "gp3";
  static final int GP3_IOPS = 3000;
  static final int GP3_THROUGHPUT = 125;

  private EtcdVolumes() {}

  static List<AwsResource> build(AwsCluster c) {
    List<AwsResource> out = new ArrayList<>();
    List<?> clusters = c.spec().extra().get("etcdClusters") instanceof List<?> l ? l : List.of();
    for (int i = 0; i < clusters.size(); i++) {
      if (!(clusters.get(i) instanceof Map<?, ?> etcd)) {
        continue;
      }
      String etcdName = str(etcd.get("name"));
      List<?> members = etcd.get("etcdMembers") instanceof List<?> m ? m : List.of();
      List<String> memberNames =
          members.stream()
              .filter(Map.class::isInstance)
              .map(m -> str(((Map<?, ?>) m).get("name")))
              .toList();
      for (int j = 0; j < members.size(); j++) {
        if (members.get(j) instanceof Map<?, ?> member) {
          out.add(
              volume(
                  c,
                  etcdName,
                  member,
                  memberNames,
                  "spec.etcdClusters[" + i + "].etcdMembers[" + j + "]"));
        }
      }
    }
    return out;
  }

  private static EtcdVolume volume(
      AwsCluster c, String etcdName, Map<?, ?> member, List<String> all, String field) {
    String memberName = str(member.get("name"));
    String group = str(member.get("instanceGroup"));
    if (etcdName == null || memberName == null || group == null) {
      throw new AwsException(
          field
              + " needs name and instanceGroup, and its etcd cluster a name; fix spec.etcdClusters");
    }
    String zone = zoneOf(c, group, field);
    String name = memberName + ".etcd-" + etcdName + "." + c.name();
    String type = Optional.ofNullable(str(member.get("volumeType"))).orElse(DEFAULT_TYPE);
    Optional<Integer> iops =
        integer(member.get("volumeIops"), field + ".volumeIops")
            .or(() -> "gp3".equals(type) ? Optional.of(GP3_IOPS) : Optional.empty());
    Optional<Integer> throughput =
        integer(member.get("volumeThroughput"), field + ".volumeThroughput")
            .or(() -> "gp3".equals(type) ? Optional.of(GP3_THROUGHPUT) : Optional.empty());
    int size = integer(member.get("volumeSize"), field + ".volumeSize").orElse(DEFAULT_SIZE_GB);
    SortedMap<String, String> tags = new TreeMap<>(Tags.owned(c.name(), name));
    tags.put("k8s.io/etcd/" + etcdName, memberName + "/" + String.join(",", all));
    tags.put("k8s.io/role/control-plane", "1");
    tags.put("k8s.io/role/master", "1");
    return new EtcdVolume(
        name,
        zone,
        size,
        type,
        iops,
        throughput,
        Boolean.parseBoolean(String.valueOf(member.get("encryptedVolume"))),
        Optional.ofNullable(str(member.get("kmsKeyId"))),
        tags);
  }

  /** The zone of the member's control-plane group: that of its (first) subnet. */
  private static String zoneOf(AwsCluster c, String group, String field) {
    InstanceGroup ig =
        c.instanceGroups().stream()
            .filter(g -> g.name().equals(group))
            .findFirst()
            .orElseThrow(
                () ->
                    new AwsException(
                        field
                            + ".instanceGroup \""
                            + group
                            + "\" is not an instance group of cluster "
                            + c.name()
                            + "; name one of its control-plane groups"));
    return ig.spec().subnetsOrEmpty().stream()
        .map(c::subnet)
        .flatMap(Optional::stream)
        .map(ClusterSubnet::zone)
        .findFirst()
        .orElseThrow(
            () ->
                new AwsException(
                    "instance group "
                        + group
                        + " (the etcd member of "
                        + field
                        + ") has no subnet in spec.subnets; give it spec.subnets"));
  }

  private static Optional<Integer> integer(Object v, String field) {
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(v.toString()));
    } catch (NumberFormatException e) {
      throw new AwsException(field + " is \"" + v + "\", not a whole number");
    }
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
