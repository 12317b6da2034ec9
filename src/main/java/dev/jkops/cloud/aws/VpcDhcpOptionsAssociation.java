package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** Associates the cluster's DHCP options with its VPC. */
public record VpcDhcpOptionsAssociation(String name, Ref vpc, ResourceId dhcpOptions)
    implements AwsResource {

  public static final String KIND = "VPCDHCPOptionsAssociation";

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    Set<ResourceId> d = new HashSet<>(Refs.ids(vpc));
    d.add(dhcpOptions);
    return Set.copyOf(d);
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("VPC", vpc.display());
    a.put("DHCPOptions", "name:" + dhcpOptions.name());
    return a;
  }
}
