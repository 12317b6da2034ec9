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
 * @param resourceNameDns true when instances get resource-name hostnames with DNS A records (kops
 *     >= 1.24 asks this of the subnets it creates)
 */
public record Subnet(
    String name,
    Ref vpc,
    String zone,
    String cidr,
    Optional<String> existingId,
    boolean resourceNameDns,
    SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "Subnet";

  public Subnet {
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
      a.put("CIDR", cidr);
      a.put("ResourceNameDNS", Boolean.toString(resourceNameDns));
    }
    AwsResource.putTags(a, tags);
    return a;
  }
}
