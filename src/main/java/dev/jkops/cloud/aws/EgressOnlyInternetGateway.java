package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An IPv6 cluster's egress-only internet gateway (kops' {@code aws_egress_only_internet_gateway}):
 * its private and IPv6-only subnets reach the internet over IPv6 through it ({@code ::/0}), and
 * nothing outside can open a connection back in. In an existing VPC ({@code spec.networkID}) kops
 * makes none: the one attached to that VPC is used as it is ({@code shared}), never created, tagged
 * or deleted, and a VPC without one is refused.
 */
public record EgressOnlyInternetGateway(
    String name, Ref vpc, boolean shared, SortedMap<String, String> tags) implements AwsResource {

  public static final String KIND = "EgressOnlyInternetGateway";

  public EgressOnlyInternetGateway {
    tags = Tags.copy(tags);
  }

  /** The gateway of a VPC the cluster owns: made, tagged and deleted with the cluster. */
  public EgressOnlyInternetGateway(String name, Ref vpc, SortedMap<String, String> tags) {
    this(name, vpc, false, tags);
  }

  public static ResourceId idOf(String name) {
    return new ResourceId(KIND, name);
  }

  @Override
  public ResourceId id() {
    return idOf(name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Refs.ids(vpc);
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("VPC", vpc.display());
    a.put("Shared", Boolean.toString(shared));
    AwsResource.putTags(a, tags);
    return a;
  }
}
