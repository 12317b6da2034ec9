package dev.jkops.cloud.local.policy;

import java.util.Optional;

/**
 * One {@code ports} entry: a protocol and, optionally, a port or a range {@code port..endPort}. No
 * port means every port of the protocol.
 */
public record PolicyPort(Protocol protocol, Optional<Integer> port, Optional<Integer> endPort) {

  /** The protocols NetworkPolicy accepts; TCP is the default. */
  public enum Protocol {
    TCP,
    UDP,
    SCTP;

    /** The nft keyword for the protocol's header, e.g. {@code tcp}. */
    public String nft() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public PolicyPort {
    if (endPort.isPresent() && port.isEmpty()) {
      throw new IllegalArgumentException("endPort needs port");
    }
  }

  public static PolicyPort of(Protocol protocol, int port) {
    return new PolicyPort(protocol, Optional.of(port), Optional.empty());
  }

  public boolean matches(Protocol p, int dport) {
    if (p != protocol) {
      return false;
    }
    if (port.isEmpty()) {
      return true;
    }
    int last = endPort.orElse(port.get());
    return dport >= port.get() && dport <= last;
  }
}
