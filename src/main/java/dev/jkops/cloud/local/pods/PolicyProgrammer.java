package dev.jkops.cloud.local.pods;

import dev.jkops.cloud.local.kernel.Kernel;
import dev.jkops.cloud.local.kernel.Netns;
import dev.jkops.cloud.local.policy.NetworkPolicy;
import dev.jkops.cloud.local.policy.PodRuleset;
import dev.jkops.cloud.local.policy.PolicyCompiler;
import dev.jkops.cloud.local.policy.PolicyPod;
import dev.jkops.cloud.local.policy.PolicyWorld;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps every pod's {@code inet jkops_policy} table in step with the policies and the pods, as a
 * policy agent (calico's felix, weave-npc) does: compiled afresh and swapped in atomically on every
 * change. On a provider that does not enforce policy, no pod has the table.
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
