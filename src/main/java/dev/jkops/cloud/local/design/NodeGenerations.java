package dev.jkops.cloud.local.design;

import dev.jkops.model.Instance;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NodeConfigHash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which node configuration each instance runs while a switch is rolled out: the current plan for
 * instances made (or replaced) since the change, and the plan of the configuration an older
 * instance was built with until rolling-update replaces it.
 *
 * @param current the plan for the spec as it is now
 * @param running instance -> the plan whose node configuration it runs (absent: current)
 */
public record NodeGenerations(NetworkPlan current, Map<String, NetworkPlan> running) {

  public NodeGenerations {
    running = Map.copyOf(running);
  }

  /** Every instance runs the current configuration. */
  public static NodeGenerations uniform(NetworkPlan current) {
    return new NodeGenerations(current, Map.of());
  }

  public NetworkPlan planOf(String instance) {
    return running.getOrDefault(instance, current);
  }

  /** True when the instance runs an older configuration than its group's current one. */
  public boolean needsUpdate(String instance) {
    NetworkPlan p = planOf(instance);
    return p != current
        && !NodeConfigHash.of(p, instance).equals(NodeConfigHash.of(current, instance));
  }

  /** True while some instance still runs an older configuration. */
  public boolean mixed() {
    return current.instances().stream().anyMatch(i -> needsUpdate(i.name()));
  }

  /** The instances that still need replacing, in layout order. */
  public List<Instance> outdated() {
    return current.instances().stream().filter(i -> needsUpdate(i.name())).toList();
  }

  /** The instances grouped by the plan they run, current first, each group in layout order. */
  Map<NetworkPlan, List<Instance>> groups() {
    Map<NetworkPlan, List<Instance>> out = new LinkedHashMap<>();
    out.put(current, new ArrayList<>());
    for (Instance i : current.instances()) {
      out.computeIfAbsent(
              needsUpdate(i.name()) ? planOf(i.name()) : current, k -> new ArrayList<>())
          .add(i);
    }
    out.values().removeIf(List::isEmpty);
    return out;
  }
}
