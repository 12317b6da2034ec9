package dev.jkops.cloud.report;

/**
 * One connectivity check: send from {@code from} to {@code to} and see whether it gets through.
 *
 * @param check what the probe proves
 * @param protocol ICMP, TCP or UDP
 * @param from the sender
 * @param to the receiver (a probe server for TCP and UDP, answering with its name)
 * @param port TCP or UDP port (0 for ICMP)
 * @param payload ICMP payload bytes; for the MTU probe, MTU - 28 (MTU - 48 over IPv6) sent with
 *     don't-fragment
 * @param expectAllowed false when NetworkPolicy should drop it
 */
public record Probe(
    ProbeCheck check,
    ProbeProtocol protocol,
    ProbeEndpoint from,
    ProbeEndpoint to,
    int port,
    int payload,
    boolean expectAllowed) {

  /** The server's name the probe must hear back (TCP and UDP). */
  public String expectedAnswer() {
    return to.name();
  }

  /** e.g. {@code TCP:8080} or {@code ICMP 1422B DF}. */
  public String protocolText() {
    return switch (protocol) {
      case ICMP ->
          check == ProbeCheck.MTU
              ? "ICMP " + (payload + (to.address().contains(":") ? 48 : 28)) + "B DF"
              : "ICMP";
      case TCP, UDP -> protocol + ":" + port;
    };
  }
}
