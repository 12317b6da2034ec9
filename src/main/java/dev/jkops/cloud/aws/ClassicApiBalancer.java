package dev.jkops.cloud.aws;

import dev.jkops.api.ApiSpec;
import dev.jkops.api.Topology;
import java.util.Optional;

/**
 * The settings of kops' Classic load balancer for the API ({@code spec.api.loadBalancer.class:
 * Classic}, kops' default when the spec names no class), read once from the spec: where it listens,
 * how it checks the masters and what the spec may change (idle timeout, cross-zone balancing, an
 * ACM certificate that makes the listener SSL). Everything else is kops' fixed choice: TCP 443 to
 * the masters' 443, an SSL health check of 443 every 10 s (5 s timeout, 2 healthy, 2 unhealthy),
 * connection draining for 300 s.
 *
 * @param loadBalancerName kops' 32-character hashed name ({@link LoadBalancerTerraform#truncate})
 * @param internal {@code type: Internal}: the internal scheme, in the private subnets
 * @param idleTimeoutSeconds {@code idleTimeoutSeconds}, kops' default 300
 * @param crossZone {@code crossZoneLoadBalancing}, default false (true, as kops forces it, with
 *     {@code topology.dns.type: None})
 * @param sslCertificate {@code sslCertificate}: the listener terminates TLS with it
 */
record ClassicApiBalancer(
    String loadBalancerName,
    boolean internal,
    int idleTimeoutSeconds,
    boolean crossZone,
    Optional<String> sslCertificate) {

  static final int PORT = 443;
  static final int INTERVAL_SECONDS = 10;
  static final int TIMEOUT_SECONDS = 5;
  static final int HEALTHY = 2;
  static final int UNHEALTHY = 2;
  static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 300;

  /**
   * Fields of {@code spec.api.loadBalancer} kops applies to a Classic load balancer and jkops not.
   */
  static final java.util.List<String> UNWRITTEN_FIELDS =
      java.util.List.of("accessLog", "additionalSecurityGroups", "securityGroupOverride");

  /** The idle timeouts a Classic load balancer accepts, in seconds. */
  static final int MAX_IDLE_TIMEOUT_SECONDS = 4000;

  /**
   * The cluster's Classic API load balancer, if it has one; a class other than {@code Network} or
   * {@code Classic}, or a setting AWS would refuse, is an error naming the field.
   */
  static Optional<ClassicApiBalancer> of(AwsCluster c) {
    Optional<ApiSpec.LoadBalancer> lb = c.apiLoadBalancer();
    if (lb.isEmpty()) {
      return Optional.empty();
    }
    String cls = c.apiLoadBalancerClass();
    if (AwsCluster.NETWORK.equals(cls)) {
      return Optional.empty();
    }
    if (!AwsCluster.CLASSIC.equals(cls)) {
      throw new AwsException(
          "spec.api.loadBalancer.class \""
              + cls
              + "\" of cluster "
              + c.name()
              + " is not a load balancer class kops knows; use Network or Classic");
    }
    var extra = lb.get().extra();
    return Optional.of(
        new ClassicApiBalancer(
            LoadBalancerTerraform.truncate("api-" + AwsCluster.tfSanitize(c.name())),
            "Internal".equalsIgnoreCase(lb.get().type()),
            idleTimeout(extra.get("idleTimeoutSeconds")),
            noneDns(c) || crossZone(extra.get("crossZoneLoadBalancing")),
            certificate(extra.get("sslCertificate"))));
  }

  private static int idleTimeout(Object value) {
    if (value == null) {
      return DEFAULT_IDLE_TIMEOUT_SECONDS;
    }
    if (value instanceof Number n
        && n.doubleValue() == n.intValue()
        && n.intValue() >= 1
        && n.intValue() <= MAX_IDLE_TIMEOUT_SECONDS) {
      return n.intValue();
    }
    throw new AwsException(
        "spec.api.loadBalancer.idleTimeoutSeconds \""
            + value
            + "\" is not a number of seconds a Classic load balancer takes (1 to "
            + MAX_IDLE_TIMEOUT_SECONDS
            + ")");
  }

  private static boolean crossZone(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new AwsException(
        "spec.api.loadBalancer.crossZoneLoadBalancing \"" + value + "\" is not true or false");
  }

  private static Optional<String> certificate(Object value) {
    if (value == null || value.toString().isBlank()) {
      return Optional.empty();
    }
    String cert = value.toString();
    if (!cert.equals(cert.strip()) || cert.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
      throw new AwsException(
          "spec.api.loadBalancer.sslCertificate \""
              + cert
              + "\" is not a certificate ARN (printable ASCII without spaces)");
    }
    return Optional.of(cert);
  }

  /** kops makes the API's load balancer cross-zone when no DNS names the masters. */
  private static boolean noneDns(AwsCluster c) {
    Topology t = c.spec().topology();
    return t != null && t.dns() != null && "None".equalsIgnoreCase(t.dns().type());
  }

  /** {@code SSL} when the listener terminates TLS with the spec's certificate, else {@code TCP}. */
  String protocol() {
    return sslCertificate.isPresent() ? "SSL" : "TCP";
  }

  /** kops' health check: an SSL handshake with the masters' 443. */
  String healthCheckTarget() {
    return "SSL:" + PORT;
  }

  /** kops drains a deregistering master's connections for up to 300 s. */
  int connectionDrainingSeconds() {
    return 300;
  }
}
