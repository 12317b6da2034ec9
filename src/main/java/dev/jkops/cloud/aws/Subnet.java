package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One of {@code spec.subnets}. With an {@code id} in the spec it is an existing subnet: jkops tags
 * it {@code shared} and changes nothing else.
 *
 * @param cidr its IPv4 range; null for an IPv6 cluster's IPv6-only (Private) subnet
 * @param resourceNameDns true when instances get resource-name hostnames with DNS A records (kops
 *     >= 1.24 asks this of the subnets it creates)
 * @param ipv6Cidr an IPv6 cluster's subnet's IPv6 block: literal ({@code 2001:db8:0:111::/64}) or
 *     kops' {@code /64#N}, the N-th (hexadecimal) /64 of the VPC's Amazon-provided block
 */
public record Subnet(
    String name,
    Ref vpc,
    String zone,
    String cidr,
    Optional<String> existingId,
    boolean resourceNameDns,
    SortedMap<String, String> tags,
    Optional<String> ipv6Cidr)
    implements AwsResource {

  public static final String KIND = "Subnet";

  public Subnet {
    tags = Tags.copy(tags);
  }

  /** A subnet of an IPv4 cluster: no IPv6 block. */
  public Subnet(
      String name,
      Ref vpc,
      String zone,
      String cidr,
      Optional<String> existingId,
      boolean resourceNameDns,
      SortedMap<String, String> tags) {
    this(name, vpc, zone, cidr, existingId, resourceNameDns, tags, Optional.empty());
  }

  /** An IPv6-only subnet: an IPv6 block and no IPv4 range (kops' Private subnets of IPv6). */
  public boolean ipv6Only() {
    return cidr == null && ipv6Cidr.isPresent();
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
  public boolean shared() {
    return existingId.isPresent();
  }

  public Ref ref() {
    return existingId.<Ref>map(Ref::existing).orElseGet(() -> Ref.to(id()));
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    existingId.ifPresent(i -> a.put("ID", i));
    if (existingId.isEmpty()) {
      a.put("VPC", vpc.display());
      a.put("AvailabilityZone", zone);
      if (cidr != null) {
        a.put("CIDR", cidr);
      }
      ipv6Cidr.ifPresent(c -> a.put("IPv6CIDR", c));
      a.put("ResourceNameDNS", Boolean.toString(resourceNameDns));
    }
    AwsResource.putTags(a, tags);
    return a;
  }
}
