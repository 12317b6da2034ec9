package dev.jkops.cloud.local.pods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jkops.api.StepMarks;
import dev.jkops.cloud.local.calico.CalicoEtcdDatastore;
import dev.jkops.cloud.local.runtime.ClusterRuntimeStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The cluster's pods in its runtime store ({@link ClusterRuntimeStore}: etcd when the control plane
 * runs, files otherwise), one JSON record per pod under {@code /registry/pods/<namespace>/<name>},
 * each written as one atomic write, so a crash or a lost quorum never leaves half a record.
 */
public final class PodStore {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final String PREFIX = "/registry/pods/";
  private final ClusterRuntimeStore store;

  public PodStore(Path runtimeDir) {
    this(ClusterRuntimeStore.open(runtimeDir));
  }

  public PodStore(ClusterRuntimeStore store) {
    this.store = store;
  }

  public Optional<Pod> get(String namespace, String name) {
    return store.get(key(namespace, name)).map(PodStore::read);
  }

  /**
   * Writes the pod's record and, on calico's etcd datastore, its workload endpoint, in one atomic
   * write.
   */
  public void put(Pod pod) {
    put(pod, List.of());
  }

  /** As {@link #put(Pod)}, with {@code alongside} in the same atomic write. */
  public void put(Pod pod, List<ClusterRuntimeStore.Write> alongside) {
    List<ClusterRuntimeStore.Write> writes = new ArrayList<>();
    try {
      writes.add(
          new ClusterRuntimeStore.Put(
              key(pod.namespace(), pod.name()), JSON.writeValueAsString(pod)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode pod record for " + pod.qualifiedName(), e);
    }
    if (calico()) {
      writes.add(
          CalicoEtcdDatastore.workloadEndpoint(
              pod.node(), pod.namespace(), pod.name(), pod.address(), pod.labels()));
    }
    writes.addAll(alongside);
    store.write(writes);
  }

  private Boolean calico;

  private boolean calico() {
    if (calico == null) {
      calico = CalicoEtcdDatastore.inUse(store);
    }
    return calico;
  }

  /** Fails, saying why, when a write would be refused (the control plane's etcd has no quorum). */
  public void checkWritable() {
    store.checkWritable();
  }

  public void delete(String namespace, String name) {
    List<ClusterRuntimeStore.Write> writes = new ArrayList<>();
    writes.add(new ClusterRuntimeStore.Delete(key(namespace, name)));
    if (calico()) {
      get(namespace, name)
          .ifPresent(
              p ->
                  writes.add(
                      new ClusterRuntimeStore.Delete(
                          CalicoEtcdDatastore.workloadKey(p.node(), p.namespace(), p.name()))));
    }
    store.write(writes);
  }

  /** Every pod, sorted by namespace then name. */
  public List<Pod> list() {
    List<Pod> pods = new ArrayList<>();
    for (String json : store.list(PREFIX).values()) {
      pods.add(read(json));
    }
    pods.sort(Comparator.comparing(Pod::namespace).thenComparing(Pod::name));
    StepMarks.mark("pod-records-read");
    return pods;
  }

  public static String key(String namespace, String name) {
    return PREFIX + namespace + "/" + name;
  }

  private static Pod read(String json) {
    try {
      return JSON.readValue(json, Pod.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a pod record: " + e.getMessage(), e);
    }
  }
}
