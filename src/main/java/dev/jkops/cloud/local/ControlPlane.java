package dev.jkops.cloud.local;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jkops.api.Cidr;
import dev.jkops.api.JsonTrees;
import dev.jkops.api.NetworkingSpec;
import dev.jkops.cloud.local.calico.CalicoEtcdDatastore;
import dev.jkops.cloud.local.etcd.EtcdControlPlane;
import dev.jkops.cloud.local.etcd.EtcdMember;
import dev.jkops.cloud.local.resources.LocalInstance;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.cloud.local.runtime.ClusterRuntimeStore;
import dev.jkops.cloud.local.runtime.EtcdRuntimeStore;
import dev.jkops.model.NetworkPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * The control plane's part of {@code update cluster --yes} on the local cloud: etcd members on the
 * control-plane instances (started when they do not run), then the node registry in etcd ({@code
 * /registry/minions/<node>} with {@code spec.podCIDR}, as the controller-manager's node IPAM
 * records it).
 */
public final class ControlPlane {
  public static final String MASTERS = "masters";
  static final String MINIONS = "/registry/minions/";

  private ControlPlane() {}

  /** The etcd members for the control-plane instances among {@code desired}, in name order. */
  public static List<EtcdMember> members(ClusterNames names, List<LocalResource> desired) {
    List<EtcdMember> out = new ArrayList<>();
    for (LocalResource r : desired) {
      if (r instanceof LocalInstance i && MASTERS.equals(i.role())) {
        out.add(
            new EtcdMember(
                i.name(),
                i.namespace(),
                i.ip(),
                EtcdControlPlane.dirOf(names.runtimeDir()).resolve(i.name())));
      }
    }
    return out;
  }

  /**
   * The cluster's etcd configuration (written the first time; its membership does not change
   * afterwards), without starting any member.
   */
  static EtcdControlPlane configure(ClusterNames names, List<LocalResource> desired) {
    return EtcdControlPlane.configure(
        names.runtimeDir(), "jkops-" + names.id(), members(names, desired));
  }

  static void start(
      ClusterNames names,
      List<LocalResource> desired,
      NetworkPlan network,
      NetworkingSpec networking,
      Consumer<String> notices) {
    List<EtcdMember> wanted = members(names, desired);
    if (wanted.isEmpty()) {
      return;
    }
    EtcdControlPlane etcd = configure(names, desired);
    List<String> known = etcd.members().stream().map(EtcdMember::name).toList();
    List<String> asked = wanted.stream().map(EtcdMember::name).sorted().toList();
    if (!known.equals(asked)) {
      notices.accept(
          "W: etcd keeps the members it was created with ("
              + String.join(", ", known)
              + "); the control"
              + " plane now has "
              + String.join(", ", asked)
              + ". Changing the number of masters of a running cluster"
              + " is not supported on the local cloud: recreate the cluster");
    }
    long t0 = System.nanoTime();
    List<String> started = etcd.ensureRunning(EtcdControlPlane.HEALTH_WAIT);
    String took = String.format(java.util.Locale.ROOT, "%.1fs", (System.nanoTime() - t0) / 1e9);
    for (String member : started) {
      notices.accept(
          "etcd: started member " + member + " (following the leader after " + took + ")");
    }
    EtcdRuntimeStore store = new EtcdRuntimeStore(etcd);
    recordNodes(store, desired, network.ipam().podRanges());
    if (CalicoEtcdDatastore.chosen(networking)) {
      List<CalicoEtcdDatastore.CalicoNode> nodes = new ArrayList<>();
      for (LocalResource r : desired) {
        if (r instanceof LocalInstance i
            && !"bastion".equals(i.role())
            && network.ipam().podRanges().containsKey(i.name())) {
          nodes.add(
              new CalicoEtcdDatastore.CalicoNode(
                  i.name(), i.ip(), network.ipam().podRanges().get(i.name())));
        }
      }
      store.write(CalicoEtcdDatastore.nodeWrites(store, network.podCIDR(), nodes));
    }
  }

  /**
   * Writes each node's record (only when it changed) and removes records of nodes that went, in one
   * transaction.
   */
  static void recordNodes(
      ClusterRuntimeStore store, List<LocalResource> desired, Map<String, Cidr> podRanges) {
    SortedMap<String, String> live = store.list(MINIONS);
    List<ClusterRuntimeStore.Write> writes = new ArrayList<>();
    java.util.Set<String> keep = new java.util.HashSet<>();
    for (LocalResource r : desired) {
      if (!(r instanceof LocalInstance i) || "bastion".equals(i.role())) {
        continue;
      }
      String key = MINIONS + i.name();
      keep.add(key);
      String record = nodeRecord(i, podRanges.get(i.name()));
      if (!record.equals(live.get(key))) {
        writes.add(new ClusterRuntimeStore.Put(key, record));
      }
    }
    live.keySet().stream()
        .filter(k -> !keep.contains(k))
        .forEach(k -> writes.add(new ClusterRuntimeStore.Delete(k)));
    store.write(writes);
  }

  static String nodeRecord(LocalInstance i, Cidr podRange) {
    ObjectNode n =
        JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Node");
    ObjectNode labels = n.putObject("metadata").put("name", i.name()).putObject("labels");
    labels.put("kubernetes.io/hostname", i.name());
    labels.put(
        MASTERS.equals(i.role())
            ? "node-role.kubernetes.io/control-plane"
            : "node-role.kubernetes.io/node",
        "");
    labels.put("kops.k8s.io/instancegroup", i.instanceGroup());
    ObjectNode spec = n.putObject("spec");
    if (podRange != null) {
      spec.put("podCIDR", podRange.toString());
      spec.putArray("podCIDRs").add(podRange.toString());
    }
    n.putObject("status")
        .putArray("addresses")
        .addObject()
        .put("type", "InternalIP")
        .put("address", i.ip());
    // not n.toString(): databind writes that through a mapper of its own, built on first use
    return JsonTrees.write(n);
  }
}
