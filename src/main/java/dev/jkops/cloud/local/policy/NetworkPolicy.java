package dev.jkops.cloud.local.policy;

import java.util.List;
import java.util.Set;

/**
 * A networking.k8s.io/v1 NetworkPolicy, read and defaulted: {@code policyTypes} is never empty (it
 * defaults to Ingress, plus Egress when the policy has egress rules, as the API server does).
 */
public record NetworkPolicy(
    String name,
    String namespace,
    LabelSelector podSelector,
    Set<PolicyType> policyTypes,
    List<PolicyRule> ingress,
    List<PolicyRule> egress) {

  public NetworkPolicy {
    policyTypes = Set.copyOf(policyTypes);
    ingress = List.copyOf(ingress);
    egress = List.copyOf(egress);
  }

  public String qualifiedName() {
    return namespace + "/" + name;
  }

  /** True when this policy selects the pod and so isolates it in {@code type}'s direction. */
  public boolean isolates(PolicyPod pod, PolicyType type) {
    return policyTypes.contains(type)
        && namespace.equals(pod.namespace())
        && podSelector.matches(pod.labels());
  }

  public List<PolicyRule> rules(PolicyType type) {
    return type == PolicyType.Ingress ? ingress : egress;
  }
}
