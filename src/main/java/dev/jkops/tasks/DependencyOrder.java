package dev.jkops.tasks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Orders resources so each comes after what it depends on (Kahn's algorithm; ties broken by id so
 * the order is the same on every run). Dependencies on resources outside the set (an existing VPC
 * given by id, say) are already satisfied. A dependency on every resource of a kind ({@link
 * Resource#dependsOnEvery()}) counts once, and is met when the last of that kind is placed, so it
 * costs one edge, not one per resource of the kind.
 */
public final class DependencyOrder {
  private DependencyOrder() {}

  public static <R extends Resource> List<R> sort(Collection<R> resources) {
    Map<ResourceId, R> byId = new LinkedHashMap<>();
    for (R r : resources) {
      if (byId.put(r.id(), r) != null) {
        throw new TaskException(
            "two resources share the id "
                + r.id()
                + "; each resource in a plan needs its own name");
      }
    }
    Map<String, Integer> unplacedOfKind = new HashMap<>();
    byId.keySet().forEach(id -> unplacedOfKind.merge(id.kind(), 1, Integer::sum));
    Map<ResourceId, Integer> waiting = new HashMap<>();
    Map<ResourceId, List<ResourceId>> dependents = new HashMap<>();
    Map<String, List<ResourceId>> kindDependents = new HashMap<>();
    for (R r : byId.values()) {
      int n = 0;
      for (ResourceId dep : r.dependsOn()) {
        if (byId.containsKey(dep)) {
          n++;
          dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(r.id());
        }
      }
      for (String kind : r.dependsOnEvery()) {
        if (unplacedOfKind.containsKey(kind)) {
          n++;
          kindDependents.computeIfAbsent(kind, k -> new ArrayList<>()).add(r.id());
        }
      }
      waiting.put(r.id(), n);
    }
    TreeSet<ResourceId> ready = new TreeSet<>();
    waiting.forEach(
        (id, n) -> {
          if (n == 0) {
            ready.add(id);
          }
        });
    List<R> out = new ArrayList<>(byId.size());
    while (!ready.isEmpty()) {
      ResourceId id = ready.pollFirst();
      out.add(byId.get(id));
      List<ResourceId> released = new ArrayList<>(dependents.getOrDefault(id, List.of()));
      if (unplacedOfKind.merge(id.kind(), -1, Integer::sum) == 0) {
        released.addAll(kindDependents.getOrDefault(id.kind(), List.of()));
      }
      for (ResourceId d : released) {
        if (waiting.merge(d, -1, Integer::sum) == 0) {
          ready.add(d);
        }
      }
    }
    if (out.size() != byId.size()) {
      List<ResourceId> stuck =
          byId.keySet().stream().filter(id -> waiting.get(id) > 0).sorted().toList();
      throw new TaskException("resources depend on each other in a cycle: " + stuck);
    }
    return out;
  }
}
