package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A load balancer's target group, as kops makes it: TCP to the instances on the listener's port,
 * checked over TCP every 10 s (2 checks healthy, 2 unhealthy), 30 s of deregistration delay and
 * connections closed when it ends. The autoscaling groups register their instances in it.
 *
 * @param name kops' hashed name ({@code tcp-<cluster>-xxxxxx}, {@code bastion-<cluster>-xxxxxx}),
 *     also the name in AWS and its {@code Name} tag
 */
public record TargetGroup(
    String name,
    Ref vpc,
    int port,
    String protocol,
    HealthCheck healthCheck,
    int deregistrationDelaySeconds,
    boolean connectionTermination,
    SortedMap<String, String> tags)
    implements AwsResource {

  public static final String KIND = "TargetGroup";

  /** kops' health check: a TCP connect. */
  public record HealthCheck(String protocol, int intervalSeconds, int healthy, int unhealthy) {
    static final HealthCheck KOPS = new HealthCheck("TCP", 10, 2, 2);

    String display() {
      return protocol
          + " every "
          + intervalSeconds
          + "s, healthy after "
          + healthy
          + ", unhealthy after "
          + unhealthy;
    }
  }

  public TargetGroup {
    tags = Tags.copy(tags);
  }

  public static ResourceId idOf(String name) {
    return new ResourceId(KIND, name);
  }

  public Ref ref() {
    return Ref.to(id());
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
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("VPC", vpc.display());
    a.put("Port", Integer.toString(port));
    a.put("Protocol", protocol);
    a.put("HealthCheck", healthCheck.display());
    a.put("DeregistrationDelay", deregistrationDelaySeconds + "s");
    a.put("ConnectionTermination", Boolean.toString(connectionTermination));
    AwsResource.putTags(a, tags);
    return a;
  }
}
