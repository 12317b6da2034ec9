package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * kops' Classic load balancer for the API ({@code api.<cluster>}, {@code
 * spec.api.loadBalancer.class: Classic}), named in AWS by kops' 32-character hashed name, which is
 * also its id in the Classic API. The settings are {@link ClassicApiBalancer}'s, the same the
 * Terraform output's {@code aws_elb} carries, so both targets make the same load balancer.
 *
 * @param name kops' task name, {@code api.<cluster>} (also its {@code Name} tag)
 * @param loadBalancerName the name in AWS ({@link LoadBalancerTerraform#truncate})
 * @param internal the {@code internal} scheme rather than {@code internet-facing}
 */
public record ClassicLoadBalancer(
    String name,
    String loadBalancerName,
    boolean internal,
    List<Ref> subnets,
    List<ResourceId> securityGroups,
    List<ClassicElb.Listener> listeners,
    ClassicElb.HealthCheck healthCheck,
    ClassicElb.Attributes settings,
    SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "ClassicLoadBalancer";

  public ClassicLoadBalancer {
    subnets = List.copyOf(subnets);
    securityGroups = List.copyOf(securityGroups);
    listeners = List.copyOf(listeners);
    tags = Tags.copy(tags);
  }

  public static ResourceId idOf(String name) {
    return new ResourceId(KIND, name);
  }

  /** The load balancer a spec's {@link ClassicApiBalancer} describes. */
  static ClassicLoadBalancer of(
      ClassicApiBalancer b,
      String name,
      List<Ref> subnets,
      ResourceId securityGroup,
      SortedMap<String, String> tags) {
    return new ClassicLoadBalancer(
        name,
        b.loadBalancerName(),
        b.internal(),
        subnets,
        List.of(securityGroup),
        List.of(
            new ClassicElb.Listener(
                b.protocol(),
                ClassicApiBalancer.PORT,
                b.protocol(),
                ClassicApiBalancer.PORT,
                b.sslCertificate())),
        new ClassicElb.HealthCheck(
            b.healthCheckTarget(),
            ClassicApiBalancer.INTERVAL_SECONDS,
            ClassicApiBalancer.TIMEOUT_SECONDS,
            ClassicApiBalancer.HEALTHY,
            ClassicApiBalancer.UNHEALTHY),
        new ClassicElb.Attributes(
            true, b.connectionDrainingSeconds(), b.idleTimeoutSeconds(), b.crossZone()),
        tags);
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
    return Set.copyOf(d);
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("LoadBalancerName", loadBalancerName);
    a.put("Type", "classic");
    a.put("Scheme", scheme());
    a.put("Subnets", subnets.stream().map(Ref::display).sorted().toList().toString());
    a.put(
        "SecurityGroups",
        securityGroups.stream().map(g -> "name:" + g.name()).sorted().toList().toString());
    a.put(
        "Listeners",
        listeners.stream()
            .map(
                l ->
                    l.protocol()
                        + ":"
                        + l.port()
                        + "->"
                        + l.instanceProtocol()
                        + ":"
                        + l.instancePort()
                        + l.sslCertificateId().map(c -> " cert " + c).orElse(""))
            .sorted()
            .toList()
            .toString());
    a.put(
        "HealthCheck",
        healthCheck.target()
            + " every "
            + healthCheck.interval()
            + "s timeout "
            + healthCheck.timeout()
            + "s healthy "
            + healthCheck.healthy()
            + " unhealthy "
            + healthCheck.unhealthy());
    a.put(
        "ConnectionDraining",
        settings.connectionDraining() ? settings.connectionDrainingTimeout() + "s" : "off");
    a.put("IdleTimeout", settings.idleTimeout() + "s");
    a.put("CrossZoneLoadBalancing", Boolean.toString(settings.crossZone()));
    AwsResource.putTags(a, tags);
    return a;
  }
}
