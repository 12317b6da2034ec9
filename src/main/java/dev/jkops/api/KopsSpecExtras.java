package dev.jkops.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fields kops' create cluster writes that jkops does not model (etcd clusters, IAM, authorization,
 * channel). jkops keeps them in the spec's extra map so {@code get -o yaml} reads like kops' output
 * and a spec moved to kops keeps its etcd layout.
 */
final class KopsSpecExtras {
  private KopsSpecExtras() {}

  static Map<String, Object> forNewCluster(List<InstanceGroup> controlPlanes, boolean aws) {
    return forNewCluster(controlPlanes, aws, false);
  }

  /**
   * With {@code ciliumEtcd} (--networking cilium-etcd) kops adds a third etcd cluster, "cilium".
   */
  static Map<String, Object> forNewCluster(
      List<InstanceGroup> controlPlanes, boolean aws, boolean ciliumEtcd) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("authorization", Map.of("rbac", Map.of()));
    extra.put("channel", "stable");
    List<Map<String, Object>> etcd =
        new ArrayList<>(
            List.of(
                etcdCluster("main", "200m", controlPlanes, aws),
                etcdCluster("events", "100m", controlPlanes, aws)));
    if (ciliumEtcd) {
      etcd.add(etcdCluster("cilium", "100m", controlPlanes, aws));
    }
    extra.put("etcdClusters", etcd);
    extra.put("iam", Map.of("allowContainerRegistry", true, "legacy", false));
    return extra;
  }

  private static Map<String, Object> etcdCluster(
      String name, String cpu, List<InstanceGroup> controlPlanes, boolean aws) {
    List<String> memberNames =
        memberNames(controlPlanes.stream().map(InstanceGroup::name).toList());
    List<Map<String, Object>> members = new ArrayList<>();
    for (int i = 0; i < controlPlanes.size(); i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (aws) {
        m.put("encryptedVolume", true);
      }
      m.put("instanceGroup", controlPlanes.get(i).name());
      m.put("name", memberNames.get(i));
      members.add(m);
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("cpuRequest", cpu);
    c.put("etcdMembers", members);
    c.put("manager", Map.of("backupRetentionDays", 90));
    c.put("memoryRequest", "100Mi");
    c.put("name", name);
    return c;
  }

  /**
   * kops' etcd member names: the group names without "control-plane-", then the prefix they all
   * share cut one character at a time (us-test-1a, us-test-1b -> a, b); a name left starting with a
   * digit gets "etcd-" in front.
   */
  static List<String> memberNames(List<String> groupNames) {
    List<String> names =
        new ArrayList<>(
            groupNames.stream().map(n -> n.replaceFirst("^control-plane-", "")).toList());
    while (!names.isEmpty() && names.get(0).length() > 1) {
      char first = names.get(0).charAt(0);
      if (!names.stream().allMatch(n -> !n.isEmpty() && n.charAt(0) == first)) {
        break;
      }
      names.replaceAll(n -> n.substring(1));
    }
    names.replaceAll(n -> !n.isEmpty() && Character.isDigit(n.charAt(0)) ? "etcd-" + n : n);
    return names;
  }
}
