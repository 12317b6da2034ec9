package dev.jkops.cloud.local.runtime;

import dev.jkops.cloud.local.etcd.EtcdControlPlane;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Where a running local cluster keeps its runtime state (nodes and their pod ranges, pods,
 * NetworkPolicies, calico's datastore), as keys in Kubernetes' layout ({@code
 * /registry/pods/<namespace>/<name>}, {@code /registry/minions/<node>}, ...). On a cluster whose
 * control plane runs etcd that is etcd ({@link EtcdRuntimeStore}); a cluster without one (pods code
 * tested on its own) keeps the same keys as files ({@link FileRuntimeStore}). The cluster spec is
 * not here: it stays in the state store, as in kops.
 */
public interface ClusterRuntimeStore {

  /** One write of an atomic batch. */
  sealed interface Write permits Put, Delete {}

  record Put(String key, String value) implements Write {}

  record Delete(String key) implements Write {}

  Optional<String> get(String key);

  /** Every key under {@code prefix} (which ends in '/'), sorted, with its value. */
  SortedMap<String, String> list(String prefix);

  /**
   * Several reads at once: for each of {@code keysOrPrefixes}, one ending in '/' gives every key
   * under it (as {@link #list}), any other that key and its value if it is stored. etcd answers all
   * of them in one round trip, as of one revision (a transaction of ranges).
   */
  default List<SortedMap<String, String>> readAll(List<String> keysOrPrefixes) {
    List<SortedMap<String, String>> out = new java.util.ArrayList<>();
    for (String k : keysOrPrefixes) {
      SortedMap<String, String> one = new java.util.TreeMap<>();
      if (k.endsWith("/")) {
        one.putAll(list(k));
      } else {
        get(k).ifPresent(v -> one.put(k, v));
      }
      out.add(one);
    }
    return out;
  }

  /**
   * Applies every write or none (etcd: one transaction). Fails, writing nothing, without quorum.
   */
  void write(List<Write> writes);

  default void put(String key, String value) {
    write(List.of(new Put(key, value)));
  }

  default void delete(String key) {
    write(List.of(new Delete(key)));
  }

  /**
   * Fails, saying why and writing nothing, when writes would be refused now (etcd without quorum).
   */
  default void checkWritable() {}

  /** e.g. "etcd (3 members)" or "files in /var/lib/jkops/abc123/registry". */
  String describe();

  /**
   * The store of the cluster whose runtime dir this is: its etcd when the control plane has been
   * configured to run one (and then only etcd: a cluster whose etcd is down fails clearly rather
   * than writing elsewhere), else files in the runtime dir.
   */
  static ClusterRuntimeStore open(Path runtimeDir) {
    return EtcdControlPlane.existing(runtimeDir)
        .<ClusterRuntimeStore>map(EtcdRuntimeStore::new)
        .orElseGet(() -> new FileRuntimeStore(runtimeDir.resolve("registry")));
  }

  /** Checks a key: absolute, '/'-separated, no empty, '.' or '..' segments. */
  static String requireKey(String key) {
    if (!key.startsWith("/")
        || key.contains("//")
        || key.endsWith("/")
        || List.of(key.substring(1).split("/")).stream()
            .anyMatch(s -> s.equals(".") || s.equals(".."))) {
      throw new IllegalArgumentException("not a store key: \"" + key + "\"");
    }
    return key;
  }
}
