package dev.jkops.cloud.local.runtime;

import dev.jkops.cloud.local.etcd.EtcdClient;
import dev.jkops.cloud.local.etcd.EtcdControlPlane;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The runtime store in the cluster's etcd. Writes go through a member that follows the leader, as
 * one transaction (all or nothing), after a quorum check; without a quorum they are refused before
 * anything is sent. Reads are served by one member (serializable), so they still work when quorum
 * is lost, showing that member's last state.
 */
public final class EtcdRuntimeStore implements ClusterRuntimeStore {
  private final EtcdControlPlane etcd;

  public EtcdRuntimeStore(EtcdControlPlane etcd) {
    this.etcd = etcd;
  }

  public EtcdControlPlane controlPlane() {
    return etcd;
  }

  @Override
  public Optional<String> get(String key) {
    String checked = ClusterRuntimeStore.requireKey(key);
    return etcd.read(c -> c.get(checked, true));
  }

  @Override
  public SortedMap<String, String> list(String prefix) {
    dev.jkops.api.StepMarks.mark("etcd-found");
    return etcd.read(c -> c.range(prefix, true));
  }

  @Override
  public List<SortedMap<String, String>> readAll(List<String> keysOrPrefixes) {
    for (String k : keysOrPrefixes) {
      if (!k.endsWith("/")) {
        ClusterRuntimeStore.requireKey(k);
      }
    }
    return etcd.read(c -> c.readAll(keysOrPrefixes));
  }

  @Override
  public void write(List<Write> writes) {
    List<EtcdClient.Op> ops = new ArrayList<>();
    for (Write w : writes) {
      if (w instanceof Put p) {
        ops.add(new EtcdClient.Put(ClusterRuntimeStore.requireKey(p.key()), p.value()));
      } else if (w instanceof Delete d) {
        ops.add(new EtcdClient.Delete(ClusterRuntimeStore.requireKey(d.key())));
      }
    }
    if (!ops.isEmpty()) {
      etcd.txn(ops);
    }
  }

  @Override
  public void checkWritable() {
    etcd.checkWritable();
  }

  @Override
  public String describe() {
    return "etcd (" + etcd.members().size() + " members)";
  }
}
