package dev.jkops.model.provider;

import dev.jkops.api.InstanceGroup;
import dev.jkops.model.NetworkContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The client URLs of the cluster's main etcd, as kops handed them to calico's etcd datastore and to
 * romana: {@code http://etcd-<member>.internal.<cluster>:4001}, one per member of the first entry
 * of spec.etcdClusters (or, when the spec has none, one per control-plane group's zone).
 */
final class EtcdEndpoints {
  static final int CLIENT_PORT = 4001;

  private EtcdEndpoints() {}

  static List<String> of(NetworkContext ctx) {
    List<String> members = new ArrayList<>();
    Object clusters = ctx.spec().extra().get("etcdClusters");
    if (clusters instanceof List<?> list
        && !list.isEmpty()
        && list.get(0) instanceof Map<?, ?> main
        && main.get("etcdMembers") instanceof List<?> ms) {
      for (Object m : ms) {
        if (m instanceof Map<?, ?> member && member.get("name") != null) {
          members.add(String.valueOf(member.get("name")));
        }
      }
    }
    if (members.isEmpty()) {
      for (InstanceGroup ig : ctx.bundle().instanceGroups()) {
        if (ig.spec().isControlPlane()) {
          members.add(
              ig.name().startsWith("master-")
                  ? ig.name().substring("master-".length())
                  : ig.name());
        }
      }
    }
    return members.stream()
        .sorted()
        .map(m -> "http://etcd-" + m + ".internal." + ctx.clusterName() + ":" + CLIENT_PORT)
        .toList();
  }
}
