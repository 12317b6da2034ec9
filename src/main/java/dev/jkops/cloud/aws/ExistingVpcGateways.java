package dev.jkops.cloud.aws;

import java.util.Optional;

/**
 * The gateways attached to a cluster's existing VPC ({@code spec.networkID}), which its routes go
 * through and kops' Terraform names by id, having looked them up in the cloud: the internet gateway
 * and, for an IPv6 cluster, the egress-only one. None for a cluster that owns its VPC.
 */
public record ExistingVpcGateways(
    Optional<String> internetGateway, Optional<String> egressOnlyGateway) {

  public static final ExistingVpcGateways NONE =
      new ExistingVpcGateways(Optional.empty(), Optional.empty());
}
