package dev.jkops.cloud.local.pods;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.Netns;
import dev.jkops.cloud.local.policy.NetworkPolicy;
import dev.jkops.cloud.local.policy.PodRuleset;
import dev.jkops.cloud.local.policy.PolicyCompiler;
import dev.jkops.cloud.local.policy.PolicyPod;
import dev.jkops.cloud.local.policy.PolicyType;
import dev.jkops.cloud.local.policy.PolicyWorld;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps every pod's {@code inet jkops_policy} table in step with the policies and the pods, as a
 * policy agent (calico's felix, weave-npc) does: compiled afresh and swapped in atomically on every
 * change. On a provider that does not enforce policy, no pod has the table. A pod's coming or going
 * reprograms only the pods whose tables it changes ({@link #affectedBy}), so its cost does not grow
 * with the number of pods.
 */
public final class PolicyProgrammer {
  private static final String FAMILY = "inet";
  private static final String TABLE = "jkops_policy";

  private final Kernel kernel;

  public PolicyProgrammer(Kernel kernel) {
    this.kernel = kernel;
  }

  public static PolicyWorld world(
      List<Pod> pods,
      List<NetworkPolicy> policies,
      Map<String, Map<String, String>> namespaceLabels,
      List<NodeSite> nodes) {
    Map<String, Set<String>> nodeAddresses = new HashMap<>();
    nodes.forEach(n -> nodeAddresses.put(n.node(), n.ownAddresses()));
    List<PolicyPod> policyPods =
        pods.stream()
            .map(p -> new PolicyPod(p.name(), p.namespace(), p.labels(), p.address(), p.node()))
            .toList();
    return new PolicyWorld(policies, policyPods, namespaceLabels, nodeAddresses);
  }

  /**
   * The pods whose table changes when {@code changed} come or go, in {@code world} (the world after
   * the change; a gone pod is in {@code changed} only): each pod some policy isolates in a
   * direction whose rules have a selector peer that picks a changed pod. A table holds only its
   * pod's isolating policies and the addresses their selector peers pick, so no other pod's table
   * can differ from what it was. A changed pod itself is in the answer when it is still in the
   * world and some policy isolates it (a pod no policy isolates needs no table: an absent table and
   * one that accepts both ways let the same packets through, and a new pod's namespace has none).
   */
  public static List<PolicyPod> affectedBy(PolicyWorld world, List<PolicyPod> changed) {
    Set<String> changedNames = new java.util.HashSet<>();
    changed.forEach(p -> changedNames.add(p.namespace() + "/" + p.name()));
    List<Touch> touched = new java.util.ArrayList<>();
    for (NetworkPolicy policy : world.policies()) {
      for (PolicyType type : PolicyType.values()) {
        if (policy.policyTypes().contains(type) && namesAny(world, policy, type, changed)) {
          touched.add(new Touch(policy, type));
        }
      }
    }
    List<PolicyPod> out = new java.util.ArrayList<>();
    for (PolicyPod pod : world.pods()) {
      boolean isChanged = changedNames.contains(pod.namespace() + "/" + pod.name());
      boolean affected =
          isChanged
              ? world.policies().stream()
                  .anyMatch(
                      pol ->
                          pol.isolates(pod, PolicyType.Ingress)
                              || pol.isolates(pod, PolicyType.Egress))
              : touched.stream().anyMatch(t -> t.policy().isolates(pod, t.type()));
      if (affected) {
        out.add(pod);
      }
    }
    return out;
  }

  private record Touch(NetworkPolicy policy, PolicyType type) {}

  /** True when some policy of {@code world} has a selector peer that picks one of {@code pods}. */
  public static boolean namesAny(PolicyWorld world, List<PolicyPod> pods) {
    for (NetworkPolicy policy : world.policies()) {
      for (PolicyType type : PolicyType.values()) {
        if (policy.policyTypes().contains(type) && namesAny(world, policy, type, pods)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean namesAny(
      PolicyWorld world, NetworkPolicy policy, PolicyType type, List<PolicyPod> pods) {
    for (var rule : policy.rules(type)) {
      for (var peer : rule.peers()) {
        for (PolicyPod p : pods) {
          if (peer.selectsPod(policy.namespace(), p, world.labelsOf(p.namespace()))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Programs only {@code affected} (pods of {@code world}, see {@link #affectedBy}), each in its
   * namespace; a pod whose namespace is gone is passed over.
   */
  public void programOnly(List<Pod> affected, PolicyWorld world) {
    PolicyCompiler compiler = new PolicyCompiler(world);
    Netns netns = new Netns(kernel.runner());
    for (Pod pod : affected) {
      if (!netns.exists(pod.netns())) {
        continue;
      }
      kernel
          .nft()
          .apply(
              pod.netns(),
              "program NetworkPolicy for pod " + pod.qualifiedName(),
              compiler.compile(policyPod(pod)).replaceScript());
    }
  }

  static PolicyPod policyPod(Pod p) {
    return new PolicyPod(p.name(), p.namespace(), p.labels(), p.address(), p.node());
  }

  /** Programs every pod; returns how many pods are isolated by some policy. */
  public int program(List<Pod> pods, PolicyWorld world, boolean enforce) {
    int isolated = 0;
    PolicyCompiler compiler = new PolicyCompiler(world);
    for (Pod pod : pods) {
      if (!new Netns(kernel.runner()).exists(pod.netns())) {
        continue;
      }
      if (!enforce) {
        kernel.nft().deleteTable(pod.netns(), FAMILY, TABLE);
        continue;
      }
      PodRuleset rules =
          compiler.compile(
              new PolicyPod(pod.name(), pod.namespace(), pod.labels(), pod.address(), pod.node()));
      kernel
          .nft()
          .apply(
              pod.netns(),
              "program NetworkPolicy for pod " + pod.qualifiedName(),
              rules.replaceScript());
      isolated += rules.isolated() ? 1 : 0;
    }
    return isolated;
  }
}
