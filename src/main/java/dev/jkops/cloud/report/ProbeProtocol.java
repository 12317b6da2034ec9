package dev.jkops.cloud.report;

/**
 * How a probe talks to its target: ping, or a TCP or UDP exchange answered with the server's name.
 */
public enum ProbeProtocol {
  ICMP,
  TCP,
  UDP
}
