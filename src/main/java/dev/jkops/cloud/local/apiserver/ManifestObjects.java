package dev.jkops.cloud.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jkops.api.JsonTrees;
import dev.jkops.cloud.local.runtime.ClusterRuntimeStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The objects of a manifest {@code jkops apply -f} installed (a networking provider's DaemonSet,
 * its ServiceAccount, RBAC, ConfigMaps), stored in the cluster's API as {@code kubectl create -f}
 * stores them: each under Kubernetes' key ({@code /registry/[group/]plural/[namespace/]name}) with
 * a uid, creationTimestamp and resourceVersion, so that kubectl sees the same objects whichever way
 * the provider went in (its DaemonSet then shows its pods in kube-system).
 */
public final class ManifestObjects {
  private ManifestObjects() {}

  /**
   * Stores those of {@code objects} the API serves and has not got yet, in one write (an object
   * already stored, from an earlier apply or from kubectl, is kept as it is); returns how many were
   * stored. A namespaced object without a namespace goes in {@code default}, as kubectl's would.
   */
  public static int storeNew(Path runtimeDir, List<JsonNode> objects) {
    ClusterRuntimeStore store = ClusterRuntimeStore.open(runtimeDir);
    List<ClusterRuntimeStore.Write> writes = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (JsonNode given : objects) {
      Optional<ResourceType> type = typeOf(given);
      String name = given.path("metadata").path("name").asText("");
      if (type.isEmpty() || name.isEmpty() || !given.isObject()) {
        continue; // a kind the API does not serve: kubectl could not have stored it either
      }
      ResourceType t = type.get();
      ObjectNode o = ((ObjectNode) given).deepCopy();
      ObjectNode meta = o.with("metadata");
      String namespace = meta.path("namespace").asText("");
      if (t.namespaced() && namespace.isEmpty()) {
        namespace = "default";
      }
      String key = t.keyPrefix() + (t.namespaced() ? namespace + "/" : "") + name;
      if (keys.contains(key) || store.get(key).isPresent()) {
        continue;
      }
      if (t.namespaced()) {
        meta.put("namespace", namespace);
      } else {
        meta.remove("namespace");
      }
      meta.put("uid", UUID.randomUUID().toString());
      meta.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      meta.put("resourceVersion", ClusterObjects.newResourceVersion());
      meta.put("generation", 1);
      o.remove("status");
      keys.add(key);
      writes.add(new ClusterRuntimeStore.Put(key, JsonTrees.write(o)));
    }
    if (!writes.isEmpty()) {
      store.write(writes);
    }
    return writes.size();
  }

  private static Optional<ResourceType> typeOf(JsonNode o) {
    String apiVersion = o.path("apiVersion").asText("");
    String kind = o.path("kind").asText("");
    return ResourceType.BUILT_IN.stream()
        .filter(t -> t.groupVersion().equals(apiVersion) && t.kind().equals(kind))
        .findFirst();
  }
}
