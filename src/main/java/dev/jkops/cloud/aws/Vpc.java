package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cluster's VPC. With {@code spec.networkID} it is an existing VPC: {@code existingId} is set,
 * and jkops, as kops, only reads it (its id, and the IPv6 block an IPv6 cluster's subnets are
 * carved from): never tags, changes or deletes it, nor asks AWS for a block it lacks.
 *
 * @param amazonIpv6 true when AWS assigns the VPC an IPv6 block (kops does for VPCs it creates)
 */
public record Vpc(
    String name,
    String cidr,
    boolean amazonIpv6,
    Optional<String> existingId,
    SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "VPC";

  public Vpc {
    tags = Tags.copy(tags);
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
    return Set.of();
  }

  @Override
  public boolean shared() {
    return existingId.isPresent();
  }

  /** How other resources refer to this VPC. */
  public Ref ref() {
    return existingId.<Ref>map(Ref::existing).orElseGet(() -> Ref.to(id()));
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    existingId.ifPresent(i -> a.put("ID", i));
    if (existingId.isEmpty()) {
      a.put("CIDR", cidr);
      a.put("AmazonIPv6", Boolean.toString(amazonIpv6));
      a.put("EnableDNSHostnames", "true");
      a.put("EnableDNSSupport", "true");
    }
    AwsResource.putTags(a, tags);
    return a;
  }
}
