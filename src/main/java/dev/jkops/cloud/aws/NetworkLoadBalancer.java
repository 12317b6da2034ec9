package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One of kops' network load balancers: the API's ({@code api.<cluster>}) or the bastion's ({@code
 * bastion.<cluster>}), named in AWS by kops' 32-character hashed name, with its TCP listeners each
 * forwarding to a target group. The shape is {@link LoadBalancerTerraform}'s, so the direct apply
 * and the Terraform output make the same load balancer.
 *
 * @param name kops' task name, {@code <prefix>.<cluster>} (also its {@code Name} tag)
 * @param loadBalancerName the name in AWS ({@link LoadBalancerTerraform#truncate})
 * @param internal {@code internal} scheme (private subnets) rather than {@code internet-facing}
 * @param ipAddressType {@code ipv4}, or {@code dualstack} for an IPv6 cluster
 */
public record NetworkLoadBalancer(
    String name,
    String loadBalancerName,
    boolean internal,
    String ipAddressType,
    List<Ref> subnets,
    List<ResourceId> securityGroups,
    List<Listener> listeners,
    SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "NetworkLoadBalancer";

  /** A TCP listener forwarding every connection on {@code port} to a target group. */
  public record Listener(int port, String protocol, Ref targetGroup) {
    String display() {
      return protocol + ":" + port + "->" + targetGroup.display();
    }
  }

  public NetworkLoadBalancer {
    subnets = List.copyOf(subnets);
    securityGroups = List.copyOf(securityGroups);
    listeners = List.copyOf(listeners);
    tags = Tags.copy(tags);
  }

  public static ResourceId idOf(String name) {
    return new ResourceId(KIND, name);
  }

  String scheme() {
    return internal ? "internal" : "internet-facing";
  }

  @Override
  public ResourceId id() {
    return idOf(name);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    Set<ResourceId> d = new LinkedHashSet<>(Refs.ids(subnets.toArray(Ref[]::new)));
    d.addAll(securityGroups);
    listeners.forEach(l -> d.addAll(Refs.ids(l.targetGroup())));
    return Set.copyOf(d);
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("LoadBalancerName", loadBalancerName);
    a.put("Type", "network");
    a.put("Scheme", scheme());
    a.put("IpAddressType", ipAddressType);
    a.put("Subnets", subnets.stream().map(Ref::display).sorted().toList().toString());
    a.put(
        "SecurityGroups",
        securityGroups.stream().map(g -> "name:" + g.name()).sorted().toList().toString());
    a.put("Listeners", listeners.stream().map(Listener::display).sorted().toList().toString());
    AwsResource.putTags(a, tags);
    return a;
  }
}
