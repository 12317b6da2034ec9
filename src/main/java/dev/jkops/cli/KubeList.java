package dev.jkops.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes objects printed with {@code -o yaml|json} as kubectl prints a list: one {@code v1
 * List} whose {@code items} are the objects (even zero or one of them), so scripts read {@code
 * .items[]}.
 */
final class KubeList {
  private KubeList() {}

  static String render(OutputFormat format, List<?> items) {
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    list.put("items", items);
    list.put("metadata", Map.of("resourceVersion", ""));
    return format.render(List.of(list));
  }

  /** kubectl's line for an empty list (on stderr, so a script reading stdout sees nothing). */
  static String noResources(String namespace) {
    return namespace == null
        ? "No resources found"
        : "No resources found in " + namespace + " namespace.";
  }
}
