package dev.jkops.cloud.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The calls of Elastic Load Balancing's Classic API (version 2012-06-01) that kops' Classic API
 * load balancer needs, and nothing else: the SDK's own module for it is not available here, so
 * {@link ClassicElbQueryClient} speaks the query protocol on the SDK's signer and HTTP client, and
 * tests hand in an in-process fake. Errors are {@link
 * software.amazon.awssdk.awscore.exception.AwsServiceException}s carrying AWS' error code, as the
 * SDK's clients throw them, so {@link AwsRetry} treats them alike.
 */
public interface ClassicElb {

  /** A listener: the load balancer's port and protocol, the instances' port and protocol. */
  record Listener(
      String protocol,
      int port,
      String instanceProtocol,
      int instancePort,
      Optional<String> sslCertificateId) {}

  /** The health check: {@code target} is {@code PROTOCOL:port[/path]}. */
  record HealthCheck(String target, int interval, int timeout, int healthy, int unhealthy) {}

  /** What DescribeLoadBalancers says of one load balancer. */
  record Description(
      String name,
      String dnsName,
      String canonicalHostedZoneId,
      String scheme,
      List<String> subnets,
      List<String> securityGroups,
      List<Listener> listeners,
      HealthCheck healthCheck) {
    public Description {
      subnets = List.copyOf(subnets);
      securityGroups = List.copyOf(securityGroups);
      listeners = List.copyOf(listeners);
    }
  }

  /** The attributes kops sets: connection draining, idle timeout, cross-zone balancing. */
  record Attributes(
      boolean connectionDraining,
      int connectionDrainingTimeout,
      int idleTimeout,
      boolean crossZone) {}

  /** DescribeTags takes at most 20 names per call. */
  int TAG_BATCH = 20;

  /** Creates the load balancer with its listeners and tags; answers its DNS name. */
  String createLoadBalancer(
      String name,
      boolean internal,
      List<Listener> listeners,
      List<String> subnets,
      List<String> securityGroups,
      Map<String, String> tags);

  void configureHealthCheck(String name, HealthCheck healthCheck);

  void modifyLoadBalancerAttributes(String name, Attributes attributes);

  Attributes describeLoadBalancerAttributes(String name);

  /**
   * The named load balancers (every load balancer of the region, all pages, when {@code names} is
   * empty); a name AWS does not know is the error {@code LoadBalancerNotFound}.
   */
  List<Description> describeLoadBalancers(List<String> names);

  /** The tags of at most {@link #TAG_BATCH} load balancers, by name. */
  Map<String, SortedMap<String, String>> describeTags(List<String> names);

  void addTags(String name, Map<String, String> tags);

  void deleteLoadBalancer(String name);
}
