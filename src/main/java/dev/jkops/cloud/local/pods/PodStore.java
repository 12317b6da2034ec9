package dev.jkops.cloud.local.pods;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jkops.api.JsonTrees;
import dev.jkops.api.StepMarks;
import dev.jkops.cloud.local.calico.CalicoEtcdDatastore;
import dev.jkops.cloud.local.runtime.ClusterRuntimeStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cluster's pods in its runtime store ({@link ClusterRuntimeStore}: etcd when the control plane
 * runs, files otherwise), one JSON record per pod under {@code /registry/pods/<namespace>/<name>},
 * each written as one atomic write, so a crash or a lost quorum never leaves half a record.
 */
public final class PodStore {
  /** Reads the records put writes, token by token; jackson-core's alone. */
  private static final JsonFactory FACTORY = new JsonFactory();

  /**
   * Binds a record of any other shape, as jkops did before it took the short cut. Made on first
   * use: a mapper cost a cold {@code get pods} or {@code create pod} ~50-90 ms of CPU on a 2-core
   * host, and the records jkops writes never need it.
   */
  private static final class Databind {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /** Where the records are: {@code /registry/pods/<namespace>/<name>}. */
  public static final String PREFIX = "/registry/pods/";

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
   * As {@link #get}, read in one round trip with what {@link #put} needs to know (whether calico's
   * datastore is in use): a create checks that the pod is new and then writes it, and reads once.
   */
  public Optional<Pod> getBeforePut(String namespace, String name) {
    String key = key(namespace, name);
    List<SortedMap<String, String>> read = store.readAll(List.of(key, CalicoEtcdDatastore.READY));
    calico = !read.get(1).isEmpty();
    return Optional.ofNullable(read.get(0).get(key)).map(PodStore::read);
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
    writes.add(new ClusterRuntimeStore.Put(key(pod.namespace(), pod.name()), encode(pod)));
    boolean calico = calico();
    StepMarks.mark("calico-checked");
    if (calico) {
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

  /**
   * The record as a mapper with {@code INDENT_OUTPUT} writes a {@link Pod}: its ten fields in
   * declaration order ({@link #FIELDS}), nulls included, labels as an object.
   */
  static String encode(Pod pod) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("name", pod.name()).put("namespace", pod.namespace());
    ObjectNode labels = o.putObject("labels");
    pod.labels().forEach(labels::put);
    o.put("node", pod.node())
        .put("netns", pod.netns())
        .put("containerId", pod.containerId())
        .put("address", pod.address())
        .put("attachment", pod.attachment())
        .put("cniResult", pod.cniResult())
        .put("created", pod.created());
    return JsonTrees.writePretty(o);
  }

  static Pod read(String json) {
    try {
      Pod written = readAsWritten(json);
      return written != null ? written : Databind.MAPPER.readValue(json, Pod.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a pod record: " + e.getMessage(), e);
    }
  }

  /** The record's fields, by name, as {@link #put} writes them. */
  private static final List<String> FIELDS =
      List.of(
          "name",
          "namespace",
          "labels",
          "node",
          "netns",
          "containerId",
          "address",
          "attachment",
          "cniResult",
          "created");

  /**
   * A record in the shape {@link #put} writes (Jackson's: one object, each of the ten fields at
   * most once, every value a string or null, labels an object of strings), read token by token;
   * null for anything else, which Jackson then binds, so every other input reads, or fails, exactly
   * as it did. Binding {@link Pod} through databind cost a cold {@code get pods} more than the read
   * itself with 1,000 pods (the record's deserializer is built by reflection on first use, and runs
   * interpreted).
   */
  static Pod readAsWritten(String json) {
    String[] v = new String[FIELDS.size()];
    Map<String, String> labels = null;
    boolean[] seen = new boolean[FIELDS.size()];
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        int i = FIELDS.indexOf(p.currentName());
        if (t != JsonToken.FIELD_NAME || i < 0 || seen[i]) {
          return null;
        }
        seen[i] = true;
        JsonToken value = p.nextToken();
        if (value == JsonToken.VALUE_NULL) {
          continue;
        }
        if (i == 2 && value == JsonToken.START_OBJECT) {
          labels = new TreeMap<>();
          for (JsonToken l = p.nextToken(); l != JsonToken.END_OBJECT; l = p.nextToken()) {
            String key = p.currentName();
            if (l != JsonToken.FIELD_NAME
                || p.nextToken() != JsonToken.VALUE_STRING
                || labels.put(key, p.getText()) != null) {
              return null;
            }
          }
        } else if (i != 2 && value == JsonToken.VALUE_STRING) {
          v[i] = p.getText();
        } else {
          return null;
        }
      }
      if (p.nextToken() != null) {
        return null;
      }
    } catch (IOException notAsWritten) {
      return null;
    }
    return new Pod(v[0], v[1], labels, v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
  }
}
