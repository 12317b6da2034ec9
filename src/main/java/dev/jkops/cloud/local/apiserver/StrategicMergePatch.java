package dev.jkops.cloud.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jkops.api.JsonTrees;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Strategic merge patch, which kubectl sends for built-in kinds ({@code apply} of a changed file,
 * {@code label}, {@code patch}): a JSON merge patch whose lists of objects are merged element by
 * element by their merge key where Kubernetes' types declare {@code patchStrategy: merge} (a Pod's
 * containers by {@code name}, a container's ports by {@code containerPort}, ...), instead of being
 * replaced, and whose directives say what a plain merge cannot:
 *
 * <ul>
 *   <li>{@code $patch: replace} (a map or a list is replaced whole) and {@code $patch: delete} (a
 *       map, or the list element with that key, goes);
 *   <li>{@code $retainKeys: [...]}: the map keeps only these keys (a Deployment's {@code strategy},
 *       a volume's source: switching {@code rollingUpdate} to {@code Recreate} drops the old one);
 *   <li>{@code $deleteFromPrimitiveList/<field>: [...]}: those values leave a merged primitive list
 *       ({@code finalizers});
 *   <li>{@code $setElementOrder/<field>: [...]}: the order of a merged list's elements (those named
 *       first, in that order, then the others as they were).
 * </ul>
 *
 * Lists without a merge strategy (a NetworkPolicy's {@code ingress}, a Pod's {@code tolerations})
 * are replaced, as Kubernetes does.
 */
final class StrategicMergePatch {
  private StrategicMergePatch() {}

  /** How a list field is patched: merged by {@code key} (null: a set of primitives). */
  private record ListMerge(String key) {}

  /**
   * The lists Kubernetes' built-in types merge, by field name and the names of the fields above it
   * (list elements not counted): the last name is the list, earlier ones must match the end of its
   * path, so {@code containers.ports} is a container's ports and {@code spec.ports} a Service's.
   */
  private static final Map<String, ListMerge> LISTS =
      Map.ofEntries(
          Map.entry("containers", new ListMerge("name")),
          Map.entry("initContainers", new ListMerge("name")),
          Map.entry("ephemeralContainers", new ListMerge("name")),
          Map.entry("containers.ports", new ListMerge("containerPort")),
          Map.entry("initContainers.ports", new ListMerge("containerPort")),
          Map.entry("ephemeralContainers.ports", new ListMerge("containerPort")),
          Map.entry("containers.env", new ListMerge("name")),
          Map.entry("initContainers.env", new ListMerge("name")),
          Map.entry("ephemeralContainers.env", new ListMerge("name")),
          Map.entry("containers.volumeMounts", new ListMerge("mountPath")),
          Map.entry("initContainers.volumeMounts", new ListMerge("mountPath")),
          Map.entry("containers.volumeDevices", new ListMerge("devicePath")),
          Map.entry("initContainers.volumeDevices", new ListMerge("devicePath")),
          Map.entry("volumes", new ListMerge("name")),
          Map.entry("imagePullSecrets", new ListMerge("name")),
          Map.entry("hostAliases", new ListMerge("ip")),
          Map.entry("topologySpreadConstraints", new ListMerge("topologyKey")),
          Map.entry("resourceClaims", new ListMerge("name")),
          Map.entry("spec.ports", new ListMerge("port")), // a Service's
          Map.entry("metadata.ownerReferences", new ListMerge("uid")),
          Map.entry("metadata.finalizers", new ListMerge(null)),
          Map.entry("status.conditions", new ListMerge("type")),
          Map.entry("status.addresses", new ListMerge("type")));

  static JsonNode apply(JsonNode target, JsonNode patch) {
    return mergeValue(target, patch, List.of());
  }

  private static JsonNode mergeValue(JsonNode target, JsonNode patch, List<String> path) {
    if (!patch.isObject()) {
      return patch;
    }
    return mergeMap(
        target != null && target.isObject() ? (ObjectNode) target : null, (ObjectNode) patch, path);
  }

  /** The merge of {@code patch} into a copy of {@code target}; null: {@code $patch: delete}. */
  private static ObjectNode mergeMap(ObjectNode target, ObjectNode patch, List<String> path) {
    String directive = patch.path("$patch").asText("");
    if (directive.equals("delete")) {
      return null;
    }
    ObjectNode patchFields = withoutDirectives(patch);
    if (directive.equals("replace")) {
      return patchFields;
    }
    if (!directive.isEmpty() && !directive.equals("merge")) {
      throw ApiError.badRequest("unknown patch directive $patch: " + directive);
    }
    ObjectNode out = target != null ? target.deepCopy() : JsonNodeFactory.instance.objectNode();
    JsonNode retain = patch.get("$retainKeys");
    if (retain != null) {
      if (!retain.isArray()) {
        throw ApiError.badRequest("$retainKeys must be a list of field names");
      }
      Set<String> keep = new HashSet<>();
      retain.forEach(k -> keep.add(k.asText()));
      List<String> present = new ArrayList<>();
      out.fieldNames().forEachRemaining(present::add);
      present.stream().filter(k -> !keep.contains(k)).forEach(out::remove);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = e.getKey();
      if (k.startsWith("$deleteFromPrimitiveList/")) {
        String field = k.substring("$deleteFromPrimitiveList/".length());
        JsonNode list = out.get(field);
        if (list != null && list.isArray()) {
          ArrayNode kept = JsonNodeFactory.instance.arrayNode();
          for (JsonNode v : list) {
            if (!contains(e.getValue(), v)) {
              kept.add(v);
            }
          }
          out.set(field, kept);
        }
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = patchFields.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = e.getKey();
      JsonNode v = e.getValue();
      List<String> fieldPath = append(path, k);
      if (v.isNull()) {
        out.remove(k);
      } else if (v.isArray()) {
        Optional<ListMerge> merge = listMerge(fieldPath);
        JsonNode merged =
            merge.isPresent() ? mergeList(out.get(k), (ArrayNode) v, merge.get(), fieldPath) : v;
        out.set(k, merged);
      } else if (v.isObject()) {
        ObjectNode m = mergeMap(asObject(out.get(k)), (ObjectNode) v, fieldPath);
        if (m == null) {
          out.remove(k);
        } else {
          out.set(k, m);
        }
      } else {
        out.set(k, v);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith("$setElementOrder/")) {
        String field = e.getKey().substring("$setElementOrder/".length());
        JsonNode list = out.get(field);
        if (list != null && list.isArray()) {
          Optional<ListMerge> merge = listMerge(append(path, field));
          out.set(field, order((ArrayNode) list, e.getValue(), merge.map(ListMerge::key)));
        }
      }
    }
    return out;
  }

  /** Merges {@code patch}'s elements into {@code target}'s by their key. */
  private static ArrayNode mergeList(
      JsonNode target, ArrayNode patch, ListMerge merge, List<String> path) {
    ArrayNode out =
        target != null && target.isArray()
            ? ((ArrayNode) target).deepCopy()
            : JsonNodeFactory.instance.arrayNode();
    List<JsonNode> elements = new ArrayList<>();
    boolean replace = false;
    for (JsonNode p : patch) {
      if (p.isObject() && p.path("$patch").asText("").equals("replace") && p.size() == 1) {
        replace = true; // {"$patch": "replace"} as an element: the list is the patch's rest
      } else {
        elements.add(p);
      }
    }
    if (replace) {
      ArrayNode whole = JsonNodeFactory.instance.arrayNode();
      elements.forEach(e -> whole.add(e.isObject() ? withoutDirectives((ObjectNode) e) : e));
      return whole;
    }
    if (merge.key() == null) {
      // a set of primitives: the patch's values join the target's
      for (JsonNode p : elements) {
        if (!contains(out, p)) {
          out.add(p);
        }
      }
      return out;
    }
    for (JsonNode p : elements) {
      if (!p.isObject() || !p.has(merge.key())) {
        throw ApiError.badRequest(
            "an element of "
                + String.join(".", path)
                + " lacks its merge key "
                + merge.key()
                + ": "
                + p);
      }
      JsonNode key = p.get(merge.key());
      int at = indexOf(out, merge.key(), key);
      ObjectNode merged = mergeMap(at < 0 ? null : (ObjectNode) out.get(at), (ObjectNode) p, path);
      if (merged == null) {
        if (at >= 0) {
          out.remove(at);
        }
      } else if (at >= 0) {
        out.set(at, merged);
      } else {
        out.add(merged);
      }
    }
    return out;
  }

  /** {@code list} with the elements {@code order} names first, in its order, then the rest. */
  private static ArrayNode order(ArrayNode list, JsonNode order, Optional<String> key) {
    List<JsonNode> rest = new ArrayList<>();
    list.forEach(rest::add);
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (JsonNode o : order) {
      JsonNode wanted = key.isPresent() ? o.get(key.get()) : o;
      for (Iterator<JsonNode> it = rest.iterator(); it.hasNext(); ) {
        JsonNode e = it.next();
        JsonNode have = key.isPresent() ? e.get(key.get()) : e;
        if (Objects.equals(same(have), same(wanted))) {
          out.add(e);
          it.remove();
          break;
        }
      }
    }
    rest.forEach(out::add);
    return out;
  }

  private static Optional<ListMerge> listMerge(List<String> path) {
    // the longest rule whose names end the path
    ListMerge best = null;
    int bestLength = 0;
    for (Map.Entry<String, ListMerge> r : LISTS.entrySet()) {
      String[] names = r.getKey().split("\\.");
      if (names.length > path.size() || names.length <= bestLength) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < names.length && match; i++) {
        match = names[names.length - 1 - i].equals(path.get(path.size() - 1 - i));
      }
      if (match) {
        best = r.getValue();
        bestLength = names.length;
      }
    }
    return Optional.ofNullable(best);
  }

  private static ObjectNode withoutDirectives(ObjectNode patch) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().startsWith("$")) {
        out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private static ObjectNode asObject(JsonNode n) {
    return n != null && n.isObject() ? (ObjectNode) n : null;
  }

  private static int indexOf(ArrayNode list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode e = list.get(i);
      if (e.isObject() && Objects.equals(same(e.get(key)), same(value))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(JsonNode list, JsonNode v) {
    for (JsonNode e : list) {
      if (Objects.equals(same(e), same(v))) {
        return true;
      }
    }
    return false;
  }

  /** A value as text, so that 80 and "80" (a merge key kubectl may quote) compare equal. */
  private static String same(JsonNode n) {
    return n == null ? null : n.isValueNode() ? n.asText() : JsonTrees.write(n);
  }

  private static List<String> append(List<String> path, String name) {
    List<String> out = new ArrayList<>(path);
    out.add(name);
    return out;
  }
}
