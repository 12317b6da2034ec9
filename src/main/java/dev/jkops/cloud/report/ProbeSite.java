package dev.jkops.cloud.report;

import java.util.Optional;

/**
 * The probe endpoints on one node: the node itself, a server pod that answers with its name (and
 * dials the other nodes' servers), and, on the nodes {@link ProbePods#withClient} picks, a second
 * pod, the client, for the same-node path and the NetworkPolicy probes.
 */
public record ProbeSite(ProbeEndpoint node, ProbeEndpoint server, Optional<ProbeEndpoint> client) {
  public ProbeSite {
    client = client == null ? Optional.empty() : client;
  }

  public ProbeSite(ProbeEndpoint node, ProbeEndpoint server, ProbeEndpoint client) {
    this(node, server, Optional.of(client));
  }

  public String zone() {
    return node.zone();
  }
}
