package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** DHCP options giving instances the region's internal domain and Amazon's DNS. */
public record DhcpOptions(String name, String domainName, SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "DHCPOptions";
  public static final String AMAZON_DNS = "AmazonProvidedDNS";

  public DhcpOptions {
    tags = Tags.copy(tags);
  }

  /** The region's internal domain as AWS names it: {@code ec2.internal} in us-east-1. */
  public static String domainFor(String region) {
    return "us-east-1".equals(region) ? "ec2.internal" : region + ".compute.internal";
  }

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of();
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("DomainName", domainName);
    a.put("DomainNameServers", AMAZON_DNS);
    AwsResource.putTags(a, tags);
    return a;
  }
}
