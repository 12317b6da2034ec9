package dev.jkops.cloud.local.validate;

/**
 * The probe endpoints on one node: the node itself, a server pod that answers with its name, and a
 * client pod that dials the servers.
 */
public record ProbeSite(ProbeEndpoint node, ProbeEndpoint server, ProbeEndpoint client) {}
