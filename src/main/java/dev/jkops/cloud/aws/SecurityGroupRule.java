package dev.jkops.cloud.aws;

import dev.jkops.api.Cidr;
import dev.jkops.tasks.ResourceId;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One rule of a security group, named as kops names it in Terraform (e.g. {@code
 * from-nodes-c-example-com-ingress-4-0to0-masters-c-example-com}).
 *
 * @param protocol AWS' spelling: {@code -1} (all), {@code tcp}, {@code udp}, {@code icmp}, {@code
 *     icmpv6}, or an IP protocol number such as {@code 4}
 * @param cidr the other end when it is an address range (IPv4 or IPv6)
 * @param sourceGroup the other end when it is a group (ingress only)
 */
public record SecurityGroupRule(
    String name,
    ResourceId securityGroup,
    boolean egress,
    String protocol,
    int fromPort,
    int toPort,
    Optional<String> cidr,
    Optional<ResourceId> sourceGroup)
    implements AwsResource {

  public static final String KIND = "SecurityGroupRule";
  public static final String ALL = "-1";

  public SecurityGroupRule {
    if (cidr.isPresent() == sourceGroup.isPresent()) {
      throw new IllegalArgumentException(
          "rule " + name + " needs exactly one of a CIDR or a source group");
    }
  }

  public boolean ipv6() {
    return cidr.map(Cidr::isIpv6).orElse(false);
  }

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    Set<ResourceId> d = new HashSet<>();
    d.add(securityGroup);
    sourceGroup.ifPresent(d::add);
    return Set.copyOf(d);
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("SecurityGroup", "name:" + securityGroup.name());
    a.put("Egress", Boolean.toString(egress));
    a.put("Protocol", protocol);
    a.put("FromPort", Integer.toString(fromPort));
    a.put("ToPort", Integer.toString(toPort));
    cidr.ifPresent(c -> a.put("CIDR", c));
    sourceGroup.ifPresent(g -> a.put("SourceGroup", "name:" + g.name()));
    return a;
  }
}
