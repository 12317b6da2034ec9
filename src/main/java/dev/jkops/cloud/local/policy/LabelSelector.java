package dev.jkops.cloud.local.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Kubernetes label selector. All of {@code matchLabels} and all of {@code matchExpressions} must
 * hold; the empty selector ({@code {}}) matches everything.
 */
public record LabelSelector(
    Map<String, String> matchLabels, List<SelectorRequirement> matchExpressions) {

  public LabelSelector {
    matchLabels = java.util.Collections.unmodifiableMap(new TreeMap<>(matchLabels));
    matchExpressions = List.copyOf(matchExpressions);
  }

  /** {@code {}}: selects every pod (or namespace). */
  public static LabelSelector everything() {
    return new LabelSelector(Map.of(), List.of());
  }

  public static LabelSelector of(Map<String, String> matchLabels) {
    return new LabelSelector(matchLabels, List.of());
  }

  public boolean matches(Map<String, String> labels) {
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return matchExpressions.stream().allMatch(r -> r.matches(labels));
  }

  public boolean isEverything() {
    return matchLabels.isEmpty() && matchExpressions.isEmpty();
  }

  /**
   * kubectl's selector syntax, e.g. {@code app=web,tier in (a,b)}; {@code <all>} for {@code {}}.
   */
  @Override
  public String toString() {
    if (isEverything()) {
      return "<all>";
    }
    List<String> parts = new ArrayList<>();
    matchLabels.forEach((k, v) -> parts.add(k + "=" + v));
    matchExpressions.forEach(r -> parts.add(r.toString()));
    return String.join(",", parts);
  }
}
