package dev.jkops.model;

import java.util.List;

/**
 * What a provider needs from the cloud beyond kops' base security group model.
 *
 * @param ports traffic between instances the provider needs (the planner adds a rule only where the
 *     base rules do not already admit it)
 * @param sourceDestCheckOff true when nodes and masters must forward pod traffic not addressed to
 *     themselves (kubenet, classic, calico)
 * @param iamActions extra IAM actions the nodes (and masters) need, e.g. {@code ec2:CreateRoute}
 * @param needsVpcRoutes true when every node needs a route for its pod range in the cluster's route
 *     table (kubenet, classic)
 */
public record CloudNeeds(
    List<PortNeed> ports,
    boolean sourceDestCheckOff,
    List<String> iamActions,
    boolean needsVpcRoutes) {

  public CloudNeeds {
    ports = List.copyOf(ports);
    iamActions = List.copyOf(iamActions);
  }

  /** A provider that needs nothing beyond the base model. */
  public static CloudNeeds none() {
    return new CloudNeeds(List.of(), false, List.of(), false);
  }
}
