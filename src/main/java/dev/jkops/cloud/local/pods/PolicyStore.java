package dev.jkops.cloud.local.pods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jkops.api.JsonTrees;
import dev.jkops.cloud.local.calico.CalicoEtcdDatastore;
import dev.jkops.cloud.local.policy.NetworkPolicy;
import dev.jkops.cloud.local.policy.NetworkPolicyReader;
import dev.jkops.cloud.local.runtime.ClusterRuntimeStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cluster's NetworkPolicies and namespace labels in its runtime store (etcd when the control
 * plane runs): {@code /registry/networkpolicies/<namespace>/<name>} holds each policy as the YAML
 * the user applied, {@code /registry/namespaces/<name>} a Namespace object with its labels.
 */
public final class PolicyStore {
  static final String POLICIES = "/registry/networkpolicies/";
  static final String NAMESPACES = "/registry/namespaces/";
  private final ClusterRuntimeStore store;

  public PolicyStore(Path runtimeDir) {
    this(ClusterRuntimeStore.open(runtimeDir));
  }

  public PolicyStore(ClusterRuntimeStore store) {
    this.store = store;
  }

  /**
   * Stores a policy (replacing one of the same namespace and name); {@code yaml} is its document.
   */
  public void putPolicy(NetworkPolicy policy, String yaml) {
    putAll(Map.of(policy, yaml), Map.of());
  }

  /**
   * Stores policies and namespace labels in one atomic write: all of them, or (on a lost quorum,
   * say) none.
   */
  public void putAll(
      Map<NetworkPolicy, String> policies, Map<String, Map<String, String>> namespaceLabels) {
    List<ClusterRuntimeStore.Write> writes = new ArrayList<>();
    boolean calico = CalicoEtcdDatastore.inUse(store);
    policies.forEach(
        (p, yaml) -> {
          writes.add(new ClusterRuntimeStore.Put(policyKey(p.namespace(), p.name()), yaml));
          if (calico) { // calico's policy controller's copy, in the same transaction
            writes.add(CalicoEtcdDatastore.policy(p));
          }
        });
    namespaceLabels.forEach(
        (ns, labels) ->
            writes.add(new ClusterRuntimeStore.Put(NAMESPACES + ns, namespaceJson(ns, labels))));
    store.write(writes);
  }

  public boolean deletePolicy(String namespace, String name) {
    String key = policyKey(namespace, name);
    if (store.get(key).isEmpty()) {
      return false;
    }
    List<ClusterRuntimeStore.Write> writes =
        new ArrayList<>(List.of(new ClusterRuntimeStore.Delete(key)));
    if (CalicoEtcdDatastore.inUse(store)) {
      writes.add(new ClusterRuntimeStore.Delete(CalicoEtcdDatastore.policyKey(namespace, name)));
    }
    store.write(writes);
    return true;
  }

  /** A stored policy's namespace and name. */
  public record PolicyName(String namespace, String name) {
    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }

  /**
   * Deletes policies and namespaces in one atomic write, as {@code kubectl delete} of a file does:
   * a namespace takes its labels and every policy stored in it. Returns what was there and is now
   * gone (a policy or namespace that was not stored is left out); nothing is written when none was
   * there.
   */
  public List<String> deleteAll(List<PolicyName> policyNames, List<String> namespaces) {
    boolean calico = CalicoEtcdDatastore.inUse(store);
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    List<String> gone = new ArrayList<>();
    for (PolicyName p : policyNames) {
      if (store.get(policyKey(p.namespace(), p.name())).isPresent()
          && keys.add(policyKey(p.namespace(), p.name()))) {
        gone.add("networkpolicy " + p);
      }
    }
    for (String ns : namespaces) {
      boolean had = store.get(NAMESPACES + ns).isPresent();
      for (String key : store.list(POLICIES + ns + "/").keySet()) {
        had |= keys.add(key);
      }
      if (had) {
        keys.add(NAMESPACES + ns);
        gone.add("namespace " + ns);
      }
    }
    List<ClusterRuntimeStore.Write> writes = new ArrayList<>();
    for (String key : keys) {
      if (store.get(key).isEmpty()) {
        continue;
      }
      writes.add(new ClusterRuntimeStore.Delete(key));
      if (calico && key.startsWith(POLICIES)) {
        String[] nsName = key.substring(POLICIES.length()).split("/", 2);
        writes.add(
            new ClusterRuntimeStore.Delete(CalicoEtcdDatastore.policyKey(nsName[0], nsName[1])));
      }
    }
    if (!writes.isEmpty()) {
      store.write(writes);
    }
    return gone;
  }

  public List<NetworkPolicy> policies() {
    return policies(store.list(POLICIES));
  }

  /** The policies and the namespaces' labels as one read saw them. */
  public record Stored(
      List<NetworkPolicy> policies, Map<String, Map<String, String>> namespaceLabels) {}

  /**
   * {@link #policies} and {@link #namespaceLabels} in one read (etcd: one round trip), for a pod's
   * create, which needs both whenever a policy is stored.
   */
  public Stored policiesAndNamespaceLabels() {
    List<SortedMap<String, String>> read = store.readAll(List.of(POLICIES, NAMESPACES));
    return new Stored(policies(read.get(0)), namespaceLabels(read.get(1)));
  }

  private static List<NetworkPolicy> policies(Map<String, String> stored) {
    List<NetworkPolicy> out = new ArrayList<>();
    for (Map.Entry<String, String> e : stored.entrySet()) {
      Parsed last = PARSED.get(e.getKey());
      if (last == null || !last.yaml().equals(e.getValue())) {
        last =
            new Parsed(
                e.getValue(), List.copyOf(NetworkPolicyReader.readAll(e.getValue(), e.getKey())));
        PARSED.put(e.getKey(), last);
      }
      out.addAll(last.policies());
    }
    return out;
  }

  /** A stored policy document and what it reads as. */
  private record Parsed(String yaml, List<NetworkPolicy> policies) {}

  /**
   * The last read of each policy document, by key: the API server reads the policies for every pod
   * it creates, and reading their YAML into the model cost more than fetching them. Used again only
   * while the stored text is the same (a read is a function of the text and the key alone), so an
   * edit is read at once; a key's entry is replaced when its text changes, so this holds at most
   * one document per policy key a process has seen.
   */
  private static final Map<String, Parsed> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

  /** Each stored policy's document as the user applied it (YAML), by namespace and name, sorted. */
  public Map<PolicyName, String> policyDocuments() {
    Map<PolicyName, String> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> e : store.list(POLICIES).entrySet()) {
      String[] nsName = e.getKey().substring(POLICIES.length()).split("/", 2);
      out.put(new PolicyName(nsName[0], nsName[1]), e.getValue());
    }
    return out;
  }

  public void putNamespaceLabels(String namespace, Map<String, String> labels) {
    store.put(NAMESPACES + namespace, namespaceJson(namespace, labels));
  }

  /** Namespace -> labels, for the namespaces that were applied with labels. */
  public Map<String, Map<String, String>> namespaceLabels() {
    return namespaceLabels(store.list(NAMESPACES));
  }

  /**
   * Namespace name -> labels from the stored namespace records. A namespace made without labels
   * (through kubectl, say) has none: an empty map, not null, which the policy world refuses.
   */
  static Map<String, Map<String, String>> namespaceLabels(Map<String, String> stored) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (Map.Entry<String, String> e : stored.entrySet()) {
      try {
        JsonNode n = JsonTrees.read(e.getValue());
        out.put(
            n.path("metadata").path("name").asText(e.getKey().substring(NAMESPACES.length())),
            java.util.Objects.requireNonNullElse(
                stringMap(n.path("metadata").path("labels")), Map.of()));
      } catch (IOException | IllegalArgumentException ex) {
        throw new UncheckedIOException(
            "cannot read namespace " + e.getKey() + ": " + ex.getMessage(),
            ex instanceof IOException io ? io : new IOException(ex));
      }
    }
    return out;
  }

  /**
   * A labels object as databind's {@code convertValue} to {@code Map<String, String>} gives it
   * (scalars as their text, null kept, in the record's order), without a mapper: a missing or null
   * node is null; anything but an object of scalars is refused.
   */
  static Map<String, String> stringMap(JsonNode labels) {
    if (labels.isMissingNode() || labels.isNull()) {
      return null;
    }
    if (!labels.isObject()) {
      throw new IllegalArgumentException("labels is a " + labels.getNodeType() + ", not an object");
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : labels.properties()) {
      JsonNode v = f.getValue();
      if (v.isContainerNode()) {
        throw new IllegalArgumentException("label " + f.getKey() + " is not a string");
      }
      out.put(f.getKey(), v.isNull() ? null : v.asText());
    }
    return out;
  }

  static String policyKey(String namespace, String name) {
    return POLICIES + namespace + "/" + name;
  }

  private static String namespaceJson(String namespace, Map<String, String> labels) {
    ObjectNode n =
        JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Namespace");
    ObjectNode meta = n.putObject("metadata").put("name", namespace);
    ObjectNode labelsNode = meta.putObject("labels");
    new TreeMap<>(labels).forEach(labelsNode::put);
    return JsonTrees.write(n);
  }
}
