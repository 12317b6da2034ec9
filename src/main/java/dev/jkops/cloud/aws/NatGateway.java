package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** A private zone's NAT gateway, in that zone's utility subnet, with its own elastic IP. */
public record NatGateway(
    String name, Ref subnet, ResourceId elasticIp, SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "NatGateway";

  public NatGateway {
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
    Set<ResourceId> d = new HashSet<>(Refs.ids(subnet));
    d.add(elasticIp);
    return Set.copyOf(d);
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("Subnet", subnet.display());
    a.put("ElasticIP", "name:" + elasticIp.name());
    AwsResource.putTags(a, tags);
    return a;
  }
}
