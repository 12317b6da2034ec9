package dev.jkops.model;

import java.util.Optional;

/**
 * What the model learns from the cloud before planning: facts it cannot know from the spec.
 *
 * @param linkMtu the instances' link MTU: 9001 on AWS (jumbo frames inside a VPC), 1500 on the
 *     local cloud's veth links
 * @param existingRoutes routes already in the cluster's route table that are not pod routes (the
 *     local route, the internet gateway, ...); they count against the quota
 * @param routeTableOwner the value of the route table's {@code KubernetesCluster} tag, if the table
 *     exists: a table owned by another cluster is refused
 * @param ipInIp whether the cloud's instances can carry IP-in-IP (protocol 4): true on AWS; false
 *     on the local cloud, whose kernel has no ipip module, so calico's IP-in-IP becomes VXLAN there
 */
public record CloudFacts(
    int linkMtu, int existingRoutes, Optional<String> routeTableOwner, boolean ipInIp) {

  public static final int AWS_MTU = 9001;
  public static final int ETHERNET_MTU = 1500;

  /** The facts of a cloud before anything exists: its usual MTU, an empty table, no owner. */
  public static CloudFacts forCloud(String cloudProvider) {
    boolean aws = "aws".equals(cloudProvider);
    return new CloudFacts(aws ? AWS_MTU : ETHERNET_MTU, 0, Optional.empty(), aws);
  }

  public CloudFacts withExistingRoutes(int count, Optional<String> owner) {
    return new CloudFacts(linkMtu, count, owner, ipInIp);
  }
}
