package dev.jkops.cloud.local.policy;

import java.util.List;
import java.util.Optional;

/**
 * NetworkPolicy's meaning, written plainly: whether a flow is allowed. The nftables rules the
 * {@link PolicyCompiler} writes must agree with it, and validate uses it to predict which policy
 * probes should pass and which should be dropped.
 *
 * <p>A flow passes when the sender's egress and the receiver's ingress both allow it. A pod no
 * policy isolates in a direction allows everything that way; an isolated pod allows the union of
 * its policies' rules. Traffic from a pod to itself, and from a pod's own node into the pod, is
 * always allowed.
 */
public final class PolicyEvaluator {
  private final PolicyWorld world;

  public PolicyEvaluator(PolicyWorld world) {
    this.world = world;
  }

  public boolean allows(Flow flow) {
    if (flow.source().equals(flow.destination())) {
      return true;
    }
    Optional<PolicyPod> src = podAt(flow.source());
    Optional<PolicyPod> dst = podAt(flow.destination());
    boolean egressOk =
        src.map(p -> allowedBy(p, PolicyType.Egress, flow.destination(), dst, flow)).orElse(true);
    boolean ingressOk =
        dst.map(
                p ->
                    world.addressesOfNode(p.node()).contains(flow.source())
                        || allowedBy(p, PolicyType.Ingress, flow.source(), src, flow))
            .orElse(true);
    return egressOk && ingressOk;
  }

  private boolean allowedBy(
      PolicyPod pod, PolicyType type, String peerAddress, Optional<PolicyPod> peerPod, Flow flow) {
    List<NetworkPolicy> isolating = world.isolating(pod, type);
    if (isolating.isEmpty()) {
      return true;
    }
    for (NetworkPolicy policy : isolating) {
      for (PolicyRule rule : policy.rules(type)) {
        if (portsMatch(rule, flow) && peersMatch(rule, policy.namespace(), peerAddress, peerPod)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean portsMatch(PolicyRule rule, Flow flow) {
    return rule.ports().isEmpty()
        || rule.ports().stream()
            .anyMatch(p -> flow.protocol().matches(p) && p.matches(p.protocol(), flow.port()));
  }

  private boolean peersMatch(
      PolicyRule rule, String policyNamespace, String address, Optional<PolicyPod> pod) {
    if (rule.peers().isEmpty()) {
      return true;
    }
    for (PolicyPeer peer : rule.peers()) {
      if (peer.ipBlock().isPresent()) {
        if (peer.ipBlock().get().contains(address)) {
          return true;
        }
      } else if (pod.isPresent()
          && peer.selectsPod(policyNamespace, pod.get(), world.labelsOf(pod.get().namespace()))) {
        return true;
      }
    }
    return false;
  }

  private Optional<PolicyPod> podAt(String address) {
    return world.pods().stream().filter(p -> p.address().equals(address)).findFirst();
  }
}
