package dev.jkops.cloud.local.policy;

import java.util.List;

/**
 * One {@code ingress} or {@code egress} rule. Empty {@code peers} means every peer; empty {@code
 * ports} means every port and protocol. Traffic must match both a peer and a port.
 */
public record PolicyRule(List<PolicyPeer> peers, List<PolicyPort> ports) {

  public PolicyRule {
    peers = List.copyOf(peers);
    ports = List.copyOf(ports);
  }

  /** A rule that allows everything: {@code ingress: [{}]}. */
  public static PolicyRule allowAll() {
    return new PolicyRule(List.of(), List.of());
  }
}
