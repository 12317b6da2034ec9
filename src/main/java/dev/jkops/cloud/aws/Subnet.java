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
 * @param ipv6 the subnet's IPv6 block and how its instances use it, when it has one
 */
public record Subnet(
    String name,
    Ref vpc,
    String zone,
    String cidr,
    Optional<String> existingId,
    boolean resourceNameDns,
    SortedMap<String, String> tags,
    Optional<Ipv6> ipv6)
    implements AwsResource {

  public static final String KIND = "Subnet";

  /**
   * A subnet's IPv6 side. AWS sets each of these with its own {@code ModifySubnetAttribute} call
   * after the subnet exists, so each is compared on its own: a run cut short between the calls
   * leaves a difference the next run sets in place.
   *
   * @param cidr literal ({@code 2001:db8:0:111::/64}) or kops' {@code /64#N}, the N-th
   *     (hexadecimal) /64 of the VPC's Amazon-provided block, carved once AWS has assigned it
   * @param assignOnCreation every instance launched in the subnet gets an IPv6 address
   * @param dns64 the resolver answers IPv4-only names with NAT64 addresses ({@code 64:ff9b::/96})
   * @param aaaaRecords instances' resource names get AAAA records
   */
  public record Ipv6(String cidr, boolean assignOnCreation, boolean dns64, boolean aaaaRecords) {

    /**
     * As kops makes an IPv6 cluster's subnet: instances take an address; an IPv6-only subnet
     * resolves through DNS64 (its instances have no IPv4 to reach IPv4-only names with);
     * resource-name hostnames get AAAA records.
     */
    static Ipv6 asKops(String cidr, boolean ipv6Only, boolean resourceNameDns) {
      return new Ipv6(cidr, true, ipv6Only, resourceNameDns);
    }
  }

  /** The fields {@code ModifySubnetAttribute} (or a CIDR association) changes in place. */
  static final Set<String> CHANGEABLE =
      Set.of(
          "Tags",
          "ResourceNameDNS",
          "IPv6CIDR",
          "AssignIPv6AddressOnCreation",
          "EnableDNS64",
          "ResourceNameDNSAAAA");

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
    return cidr == null && ipv6.isPresent();
  }

  /** The IPv6 block as the spec gives it, literal or {@code /64#N}. */
  public Optional<String> ipv6Cidr() {
    return ipv6.map(Ipv6::cidr);
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
      a.put("ResourceNameDNS", Boolean.toString(resourceNameDns));
      ipv6.ifPresent(
          v6 -> {
            a.put("IPv6CIDR", v6.cidr());
            a.put("AssignIPv6AddressOnCreation", Boolean.toString(v6.assignOnCreation()));
            a.put("EnableDNS64", Boolean.toString(v6.dns64()));
            a.put("ResourceNameDNSAAAA", Boolean.toString(v6.aaaaRecords()));
          });
    }
    AwsResource.putTags(a, tags);
    return a;
  }
}
