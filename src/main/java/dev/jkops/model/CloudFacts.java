package dev.jkops.model;

import dev.jkops.api.Ipv6Cidr;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

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
 * @param ipv6VpcBlockSource gives {@link #ipv6VpcBlock()}, worked out when asked: only an IPv6 plan
 *     asks, and the local cloud's block costs an IPv6 library's start (its message bundle is looked
 *     up through every jar on the class path) and a SHA-256 of the cluster name, ~60 ms of a cold
 *     {@code get networking} that an IPv4 cluster never used (docs/benchmarks.md)
 */
public record CloudFacts(
    int linkMtu,
    int existingRoutes,
    Optional<String> routeTableOwner,
    boolean ipInIp,
    Supplier<Optional<Ipv6Cidr>> ipv6VpcBlockSource) {

  public static final int AWS_MTU = 9001;
  public static final int ETHERNET_MTU = 1500;

  public CloudFacts {
    Objects.requireNonNull(ipv6VpcBlockSource, "ipv6VpcBlockSource");
  }

  /** Facts with the IPv6 block of the VPC given outright. */
  public CloudFacts(
      int linkMtu,
      int existingRoutes,
      Optional<String> routeTableOwner,
      boolean ipInIp,
      Optional<Ipv6Cidr> ipv6VpcBlock) {
    this(linkMtu, existingRoutes, routeTableOwner, ipInIp, () -> ipv6VpcBlock);
  }

  /** Facts without an IPv6 VPC block. */
  public CloudFacts(
      int linkMtu, int existingRoutes, Optional<String> routeTableOwner, boolean ipInIp) {
    this(linkMtu, existingRoutes, routeTableOwner, ipInIp, Optional.empty());
  }

  /** The facts of a cloud before anything exists: its usual MTU, an empty table, no owner. */
  public static CloudFacts forCloud(String cloudProvider) {
    boolean aws = "aws".equals(cloudProvider);
    return new CloudFacts(aws ? AWS_MTU : ETHERNET_MTU, 0, Optional.empty(), aws);
  }

  /**
   * The IPv6 block the cloud gives the cluster's VPC, when the plan must know it: the local cloud's
   * unique local /56 made from the cluster id ({@link
   * dev.jkops.model.ipam.Ipv6Prefixes#localVpcBlock}); empty on AWS, where Amazon assigns the block
   * when the VPC is made and each node's prefix is delegated as it starts.
   */
  public Optional<Ipv6Cidr> ipv6VpcBlock() {
    return ipv6VpcBlockSource.get();
  }

  public CloudFacts withExistingRoutes(int count, Optional<String> owner) {
    return new CloudFacts(linkMtu, count, owner, ipInIp, ipv6VpcBlockSource);
  }

  /** These facts with the IPv6 block of the VPC (the local cloud's, from the cluster id). */
  public CloudFacts withIpv6VpcBlock(Ipv6Cidr block) {
    return withIpv6VpcBlock(() -> block);
  }

  /**
   * These facts with the IPv6 block of the VPC made by {@code block} when a plan first asks for it
   * (each time it asks: {@code block} must give the same block every time).
   */
  public CloudFacts withIpv6VpcBlock(Supplier<Ipv6Cidr> block) {
    Objects.requireNonNull(block, "block");
    return new CloudFacts(
        linkMtu, existingRoutes, routeTableOwner, ipInIp, () -> Optional.of(block.get()));
  }
}
