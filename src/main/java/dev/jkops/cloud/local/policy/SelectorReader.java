package dev.jkops.cloud.local.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jkops.api.FieldError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a label selector ({@code matchLabels}, {@code matchExpressions}) with Kubernetes' rules.
 */
final class SelectorReader {
  private static final Set<String> SELECTOR_FIELDS = Set.of("matchLabels", "matchExpressions");
  private static final Set<String> REQUIREMENT_FIELDS = Set.of("key", "operator", "values");

  private SelectorReader() {}

  static Optional<LabelSelector> read(FieldReader in, JsonNode node, String path) {
    if (!in.present(node)) {
      return Optional.empty();
    }
    Optional<JsonNode> obj = in.object(node, path, SELECTOR_FIELDS);
    if (obj.isEmpty()) {
      return Optional.empty();
    }
    var labels = in.stringMap(obj.get().get("matchLabels"), path + ".matchLabels");
    List<SelectorRequirement> reqs = new ArrayList<>();
    List<JsonNode> exprs = in.list(obj.get().get("matchExpressions"), path + ".matchExpressions");
    for (int i = 0; i < exprs.size(); i++) {
      requirement(in, exprs.get(i), path + ".matchExpressions[" + i + "]").ifPresent(reqs::add);
    }
    return Optional.of(new LabelSelector(labels, reqs));
  }

  private static Optional<SelectorRequirement> requirement(
      FieldReader in, JsonNode node, String path) {
    Optional<JsonNode> obj = in.object(node, path, REQUIREMENT_FIELDS);
    if (obj.isEmpty()) {
      if (!in.present(node)) {
        in.error(FieldError.required(path, "a requirement needs key and operator"));
      }
      return Optional.empty();
    }
    Optional<String> key = in.string(obj.get().get("key"), path + ".key");
    if (key.isEmpty() || key.get().isEmpty()) {
      in.error(FieldError.required(path + ".key", "the label key the requirement tests"));
    }
    Optional<String> opText = in.string(obj.get().get("operator"), path + ".operator");
    List<String> values = new ArrayList<>();
    List<JsonNode> raw = in.list(obj.get().get("values"), path + ".values");
    for (int i = 0; i < raw.size(); i++) {
      in.string(raw.get(i), path + ".values[" + i + "]").ifPresent(values::add);
    }
    if (opText.isEmpty()) {
      in.error(FieldError.required(path + ".operator", "one of In, NotIn, Exists, DoesNotExist"));
      return Optional.empty();
    }
    SelectorRequirement.Operator op;
    try {
      op = SelectorRequirement.Operator.valueOf(opText.get());
    } catch (IllegalArgumentException e) {
      in.error(
          FieldError.unsupported(
              path + ".operator",
              opText.get(),
              "supported values: "
                  + String.join(
                      ", ",
                      Arrays.stream(SelectorRequirement.Operator.values())
                          .map(Enum::name)
                          .toList())));
      return Optional.empty();
    }
    boolean needsValues =
        op == SelectorRequirement.Operator.In || op == SelectorRequirement.Operator.NotIn;
    if (needsValues && values.isEmpty()) {
      in.error(FieldError.required(path + ".values", "must be non-empty when operator is " + op));
    } else if (!needsValues && !values.isEmpty()) {
      in.error(
          FieldError.forbidden(path + ".values", "may not be specified when operator is " + op));
    }
    return key.filter(k -> !k.isEmpty()).map(k -> new SelectorRequirement(k, op, values));
  }
}
