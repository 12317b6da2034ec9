package dev.jkops.cloud.local.policy;

import java.util.List;
import java.util.Map;

/**
 * One {@code matchExpressions} entry of a label selector: {@code key}, {@code operator}, {@code
 * values}.
 */
public record SelectorRequirement(String key, Operator operator, List<String> values) {

  /** The four operators Kubernetes label selectors accept, spelled as in YAML. */
  public enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist
  }

  public SelectorRequirement {
    values = List.copyOf(values);
  }

  boolean matches(Map<String, String> labels) {
    String value = labels.get(key);
    return switch (operator) {
      case In -> value != null && values.contains(value);
      case NotIn -> value == null || !values.contains(value);
      case Exists -> value != null;
      case DoesNotExist -> value == null;
    };
  }

  @Override
  public String toString() {
    return switch (operator) {
      case In -> key + " in (" + String.join(",", values) + ")";
      case NotIn -> key + " notin (" + String.join(",", values) + ")";
      case Exists -> key;
      case DoesNotExist -> "!" + key;
    };
  }
}
