package dev.jkops.cloud.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON merge patch (RFC 7386), which kubectl sends for custom resources ({@code
 * application/merge-patch+json}); built-in kinds get a {@link StrategicMergePatch}.
 */
final class MergePatch {
  private MergePatch() {}

  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode out =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    List<String> keys = new ArrayList<>();
    patch.fieldNames().forEachRemaining(keys::add);
    for (String k : keys) {
      if (k.startsWith("$")) {
        continue;
      }
      JsonNode v = patch.get(k);
      if (v.isNull()) {
        out.remove(k);
      } else {
        out.set(k, apply(out.get(k), v));
      }
    }
    return out;
  }
}
