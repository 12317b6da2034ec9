package dev.jkops.tasks;

import java.util.Set;
import java.util.SortedMap;

/**
 * A desired (or live) cloud resource. Each cloud models its resources as records implementing this;
 * the engine only compares {@link #attributes()} and orders by {@link #dependsOn()}, so resources
 * hold no apply or dry-run code (kops puts that in every task; the engine owns it here).
 */
public interface Resource {

  ResourceId id();

  /** Resources that must exist before this one is created (and be deleted after it). */
  Set<ResourceId> dependsOn();

  /**
   * Kinds every resource of which (in the same plan) must come before this one: "after every node's
   * routes", without naming each, which would make n resources depend on n others each.
   */
  default Set<String> dependsOnEvery() {
    return Set.of();
  }

  /**
   * The fields compared between desired and live, as display strings (kops' dry-run shows them).
   * Fields the cloud assigns (ids, timestamps) do not belong here.
   */
  SortedMap<String, String> attributes();
}
