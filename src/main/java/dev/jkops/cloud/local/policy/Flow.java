package dev.jkops.cloud.local.policy;

/**
 * One attempted connection between two addresses, for asking whether policy allows it.
 *
 * @param source the sender's address
 * @param destination the receiver's address
 * @param protocol ICMP, TCP, UDP or SCTP
 * @param port the destination port (ignored for ICMP)
 */
public record Flow(String source, String destination, Protocol protocol, int port) {

  /** Protocols a flow can use; ICMP matches only rules without ports. */
  public enum Protocol {
    ICMP,
    TCP,
    UDP,
    SCTP;

    boolean matches(PolicyPort p) {
      return this != ICMP && p.protocol().name().equals(name());
    }
  }
}
