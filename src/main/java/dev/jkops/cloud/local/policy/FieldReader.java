package dev.jkops.cloud.local.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkops.api.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads typed fields out of a YAML tree, collecting every error with its field path instead of
 * stopping at the first, so a user fixes a manifest in one pass.
 */
final class FieldReader {
  private final List<FieldError> errors = new ArrayList<>();

  List<FieldError> errors() {
    return errors;
  }

  void error(FieldError e) {
    errors.add(e);
  }

  /** The object at {@code path}, or empty (with an error if the node is there but not a map). */
  Optional<JsonNode> object(JsonNode node, String path, Set<String> known) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      errors.add(FieldError.invalid(path, node.toString(), "must be a map"));
      return Optional.empty();
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        errors.add(
            FieldError.unsupported(
                path + "." + name,
                name,
                "unknown field; supported fields: "
                    + String.join(", ", known.stream().sorted().toList())));
      }
    }
    return Optional.of(node);
  }

  /** The list at {@code path}: empty when absent, with an error when it is not a list. */
  List<JsonNode> list(JsonNode node, String path) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      errors.add(FieldError.invalid(path, node.toString(), "must be a list"));
      return List.of();
    }
    List<JsonNode> items = new ArrayList<>();
    node.forEach(items::add);
    return items;
  }

  boolean present(JsonNode node) {
    return node != null && !node.isMissingNode() && !node.isNull();
  }

  Optional<String> string(JsonNode node, String path) {
    if (!present(node)) {
      return Optional.empty();
    }
    if (!node.isValueNode() || node.isBoolean()) {
      errors.add(FieldError.invalid(path, node.toString(), "must be a string"));
      return Optional.empty();
    }
    return Optional.of(node.asText());
  }

  Map<String, String> stringMap(JsonNode node, String path) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!present(node)) {
      return out;
    }
    if (!node.isObject()) {
      errors.add(FieldError.invalid(path, node.toString(), "must be a map of strings"));
      return out;
    }
    node.fields()
        .forEachRemaining(
            e ->
                string(e.getValue(), path + "." + e.getKey())
                    .ifPresent(v -> out.put(e.getKey(), v)));
    return out;
  }
}
