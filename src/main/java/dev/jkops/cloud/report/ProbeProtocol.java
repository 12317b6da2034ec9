package dev.jkops.cloud.report;

import dev.jkops.cloud.report.ProbeProtocol;

/** How a probe talks to its target: ping, or a TCP or UDP exchange answered with the server's name. */
public enum ProbeProtocol {
  ICMP, TCP, UDP
}
