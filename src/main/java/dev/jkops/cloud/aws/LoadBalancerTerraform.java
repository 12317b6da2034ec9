package dev.jkops.cloud.aws;

import dev.jkops.api.ClusterSubnet;
import dev.jkops.api.InstanceGroupSpec;
import dev.jkops.api.Topology;
import dev.jkops.cloud.terraform.TfBlock;
import dev.jkops.cloud.terraform.TfExpr;
import dev.jkops.cloud.terraform.TfResource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The load balancers kops writes to Terraform: the API's network load balancer ({@code
 * spec.api.loadBalancer} with class Network; TCP 443) and the bastion's (TCP 22), each an {@code
 * aws_lb}, an {@code aws_lb_listener} and an {@code aws_lb_target_group}, or the API's Classic load
 * balancer (class Classic, kops' default when the spec names none: one {@code aws_elb} with its TCP
 * 443 listener), with kops' 32-character hashed names; and the API's Route 53 aliases to whichever
 * fronts the API. The direct target makes the same network load balancers from the same balancers
 * ({@link LoadBalancerResources}).
 */
final class LoadBalancerTerraform {
  private static final int MAX_NAME = 32;
  private static final int HASH_LENGTH = 6;

  private LoadBalancerTerraform() {}

  /** One load balancer: its prefix (api, bastion), port, security group and target group prefix. */
  record Balancer(
      String prefix, int port, String securityGroup, String targetGroupPrefix, boolean internal) {}

  static List<Balancer> balancers(AwsCluster c) {
    List<Balancer> balancers = new ArrayList<>();
    c.apiLoadBalancer()
        .filter(lb -> AwsCluster.NETWORK.equals(c.apiLoadBalancerClass()))
        .ifPresent(
            lb ->
                balancers.add(
                    new Balancer(
                        "api",
                        443,
                        SecurityResources.API_ELB,
                        "tcp",
                        "Internal".equalsIgnoreCase(lb.type()))));
    if (c.hasBastion() && c.privateTopology()) {
      balancers.add(new Balancer("bastion", 22, SecurityResources.BASTION_ELB, "bastion", false));
    }
    return balancers;
  }

  static String targetGroupName(AwsCluster c, Balancer b) {
    return truncate(b.targetGroupPrefix() + "-" + AwsCluster.tfSanitize(c.name()));
  }

  /**
   * The target groups an instance group's autoscaling group registers its instances in: the API's
   * for the control plane, the bastion's for bastions (without them a load balancer has no
   * targets).
   */
  static List<Object> targetGroupsOf(AwsCluster c, InstanceGroupSpec spec) {
    String prefix = spec.isControlPlane() ? "api" : spec.isBastion() ? "bastion" : "";
    return balancers(c).stream()
        .filter(b -> b.prefix().equals(prefix))
        .map(b -> (Object) TfExpr.ref("aws_lb_target_group", targetGroupName(c, b), "id"))
        .toList();
  }

  /**
   * The Classic load balancers an instance group's autoscaling group registers its instances in
   * (kops' {@code load_balancers}): the API's for the control plane when it is Classic.
   */
  static List<Object> loadBalancersOf(AwsCluster c, InstanceGroupSpec spec) {
    return spec.isControlPlane() && ClassicApiBalancer.of(c).isPresent()
        ? List.of(TfExpr.ref("aws_elb", apiTfName(c), "id"))
        : List.of();
  }

  /** kops' Terraform name of the API's load balancer, Network or Classic: {@code api-<cluster>}. */
  private static String apiTfName(AwsCluster c) {
    return "api-" + AwsCluster.tfSanitize(c.name());
  }

  static List<TfResource> build(AwsCluster c, List<AwsResource> resources) {
    Ref vpc =
        resources.stream()
            .filter(r -> r instanceof Vpc)
            .map(r -> ((Vpc) r).ref())
            .findFirst()
            .orElseThrow();
    List<TfResource> out = new ArrayList<>();
    for (Balancer b : balancers(c)) {
      String tf = b.prefix() + "-" + AwsCluster.tfSanitize(c.name());
      String targetGroup = targetGroupName(c, b);
      SortedMap<String, Object> lb = new TreeMap<>();
      lb.put("enable_cross_zone_load_balancing", false);
      lb.put("internal", b.internal());
      if (c.spec().isIpv6Only()) {
        // kops: an IPv6 cluster's load balancers answer on IPv4 and IPv6 (its AAAA record).
        lb.put("ip_address_type", "dualstack");
      }
      lb.put("load_balancer_type", "network");
      lb.put("name", truncate(tf));
      lb.put(
          "security_groups",
          List.of(AwsTerraform.ref(SecurityGroup.idOf(c.named(b.securityGroup())), "id")));
      lb.put(
          "subnet_mapping",
          subnets(c, b.internal()).stream()
              .map(s -> subnetRef(resources, c.named(s.name())))
              .map(ref -> TfBlock.of(Map.of("subnet_id", ref)))
              .toList());
      lb.put("tags", tags(c, c.named(b.prefix())));
      out.add(new TfResource("aws_lb", tf, lb));

      SortedMap<String, Object> listener = new TreeMap<>();
      listener.put(
          "default_action",
          TfBlock.of(
              Map.of(
                  "target_group_arn",
                  TfExpr.ref("aws_lb_target_group", targetGroup, "id"),
                  "type",
                  "forward")));
      listener.put("load_balancer_arn", TfExpr.ref("aws_lb", tf, "id"));
      listener.put("port", b.port());
      listener.put("protocol", "TCP");
      out.add(new TfResource("aws_lb_listener", tf + "-" + b.port(), listener));

      SortedMap<String, Object> group = new TreeMap<>();
      group.put("connection_termination", "true");
      group.put("deregistration_delay", "30");
      group.put(
          "health_check",
          TfBlock.of(
              Map.of(
                  "healthy_threshold",
                  2,
                  "interval",
                  10,
                  "protocol",
                  "TCP",
                  "unhealthy_threshold",
                  2)));
      group.put("name", targetGroup);
      group.put("port", b.port());
      group.put("protocol", "TCP");
      group.put("tags", tags(c, targetGroup));
      group.put("vpc_id", AwsTerraform.ref(vpc));
      out.add(new TfResource("aws_lb_target_group", targetGroup, group));
      if (b.prefix().equals("api")) {
        hostedZoneId(c)
            .ifPresent(
                zone ->
                    apiNames(c)
                        .forEach(name -> out.addAll(aliasRecords(name, "aws_lb", tf, zone))));
      }
    }
    Optional<ClassicApiBalancer> classic = ClassicApiBalancer.of(c);
    if (classic.isPresent()) {
      out.add(classicElb(c, classic.get(), resources));
      hostedZoneId(c)
          .ifPresent(
              zone ->
                  apiNames(c)
                      .forEach(
                          name -> out.addAll(aliasRecords(name, "aws_elb", apiTfName(c), zone))));
    }
    return out;
  }

  /**
   * kops' {@code aws_elb} for the API: a TCP (SSL with {@code sslCertificate}) listener on 443 to
   * the masters' 443, an SSL health check every 10 s, connection draining for 300 s, the spec's
   * idle timeout and cross-zone setting, in the subnets a network load balancer would take, behind
   * the {@code api-elb} security group.
   */
  private static TfResource classicElb(
      AwsCluster c, ClassicApiBalancer b, List<AwsResource> resources) {
    SortedMap<String, Object> elb = new TreeMap<>();
    elb.put("connection_draining", true);
    elb.put("connection_draining_timeout", b.connectionDrainingSeconds());
    elb.put("cross_zone_load_balancing", b.crossZone());
    elb.put(
        "health_check",
        TfBlock.of(
            Map.of(
                "healthy_threshold",
                ClassicApiBalancer.HEALTHY,
                "interval",
                ClassicApiBalancer.INTERVAL_SECONDS,
                "target",
                b.healthCheckTarget(),
                "timeout",
                ClassicApiBalancer.TIMEOUT_SECONDS,
                "unhealthy_threshold",
                ClassicApiBalancer.UNHEALTHY)));
    elb.put("idle_timeout", b.idleTimeoutSeconds());
    if (b.internal()) {
      elb.put("internal", true);
    }
    SortedMap<String, Object> listener = new TreeMap<>();
    listener.put("instance_port", ClassicApiBalancer.PORT);
    listener.put("instance_protocol", b.protocol());
    listener.put("lb_port", ClassicApiBalancer.PORT);
    listener.put("lb_protocol", b.protocol());
    b.sslCertificate().ifPresent(cert -> listener.put("ssl_certificate_id", cert));
    elb.put("listener", TfBlock.of(listener));
    elb.put("name", b.loadBalancerName());
    elb.put(
        "security_groups",
        List.of(AwsTerraform.ref(SecurityGroup.idOf(c.named(SecurityResources.API_ELB)), "id")));
    // kops sorts the subnet references by their text.
    elb.put(
        "subnets",
        subnets(c, b.internal()).stream()
            .map(s -> subnetRef(resources, c.named(s.name())))
            .sorted(java.util.Comparator.comparing(Object::toString))
            .toList());
    elb.put("tags", tags(c, c.named("api")));
    return new TfResource("aws_elb", apiTfName(c), elb);
  }

  /**
   * kops' records for the API load balancer: an A and an AAAA alias of its DNS name, named after
   * the host ({@code api.<cluster>}; {@code api.internal.<cluster>} too when the load balancer also
   * serves the cluster's own components).
   */
  private static List<TfResource> aliasRecords(
      String host, String balancerType, String balancer, String zoneId) {
    List<TfResource> out = new ArrayList<>();
    for (String type : List.of("A", "AAAA")) {
      SortedMap<String, Object> record = new TreeMap<>();
      record.put(
          "alias",
          TfBlock.of(
              Map.of(
                  "evaluate_target_health",
                  false,
                  "name",
                  TfExpr.ref(balancerType, balancer, "dns_name"),
                  "zone_id",
                  TfExpr.ref(balancerType, balancer, "zone_id"))));
      record.put("name", host);
      record.put("type", type);
      record.put("zone_id", zoneId);
      out.add(
          new TfResource(
              "aws_route53_record",
              AwsCluster.tfSanitize(host) + (type.equals("A") ? "" : "-AAAA"),
              record));
    }
    return out;
  }

  /**
   * {@code spec.masterPublicName} (kops' default {@code api.<cluster>}), then the internal name if
   * the balancer serves it.
   */
  static List<String> apiNames(AwsCluster c) {
    Object publicName = c.spec().extra().get("masterPublicName");
    String pub =
        publicName == null || publicName.toString().isBlank()
            ? "api." + c.name()
            : publicName.toString();
    List<String> names = new ArrayList<>(List.of(pub));
    String internal = "api.internal." + c.name();
    boolean servesInternal =
        c.apiLoadBalancer()
            .map(lb -> Boolean.TRUE.equals(lb.extra().get("useForInternalApi")))
            .orElse(false);
    if (servesInternal && !internal.equals(pub)) {
      names.add(internal);
    }
    return names;
  }

  /**
   * Whether kops publishes DNS records: not for gossip ({@code .k8s.local}) nor {@code
   * topology.dns.type: None}.
   */
  static boolean publishesDns(AwsCluster c) {
    Topology t = c.spec().topology();
    boolean none = t != null && t.dns() != null && "None".equalsIgnoreCase(t.dns().type());
    return !none && !c.name().endsWith(".k8s.local");
  }

  /**
   * The hosted zone as Terraform's {@code zone_id}: kops takes a {@code spec.dnsZone} without a dot
   * as the zone's id. A zone given by name (or not at all) kops looks up through the Route 53 API;
   * Terraform output is written offline, so then the records are left out (see {@link #unwritten}).
   */
  private static Optional<String> hostedZoneId(AwsCluster c) {
    if (!publishesDns(c)) {
      return Optional.empty();
    }
    Object zone = c.spec().extra().get("dnsZone");
    String id = zone == null ? "" : zone.toString().trim();
    if (id.isEmpty() || id.contains(".")) {
      return Optional.empty();
    }
    return Optional.of(id.startsWith("/hostedzone/") ? id : "/hostedzone/" + id);
  }

  /**
   * A public balancer sits in the utility subnets (public ones when there are none), an internal
   * one in the private.
   */
  static List<ClusterSubnet> subnets(AwsCluster c, boolean internal) {
    return internal
        ? c.subnets().stream().filter(s -> ClusterSubnet.PRIVATE.equals(s.type())).toList()
        : LoadBalancerRules.publicSubnets(c);
  }

  private static Object subnetRef(List<AwsResource> resources, String name) {
    return resources.stream()
        .filter(r -> r instanceof Subnet s && s.name().equals(name))
        .map(r -> AwsTerraform.ref(((Subnet) r).ref()))
        .findFirst()
        .orElseThrow(
            () ->
                new AwsException(
                    "load balancer subnet " + name + " is not among the cluster's subnets"));
  }

  private static SortedMap<String, String> tags(AwsCluster c, String name) {
    return Tags.owned(c.name(), name);
  }

  /**
   * kops' names for load balancers and target groups (at most 32 characters): the name cut to 25, a
   * dash, and the first six characters of the lower-case base32hex of its 32-bit FNV-1a hash,
   * always added so that nobody relies on a name being kept whole.
   */
  static String truncate(String name) {
    int hash = 0x811c9dc5;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    String encoded =
        base32Hex(ByteBuffer.allocate(4).putInt(hash).array()).toLowerCase(Locale.ROOT);
    String h = encoded.substring(0, HASH_LENGTH);
    int base = MAX_NAME - h.length() - 1;
    return (name.length() > base ? name.substring(0, base) : name) + "-" + h;
  }

  private static String base32Hex(byte[] data) {
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
    StringBuilder sb = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return sb.toString();
  }

  static List<String> unwritten(AwsCluster c) {
    List<String> out = new ArrayList<>();
    ClassicApiBalancer.of(c)
        .ifPresent(
            b ->
                ClassicApiBalancer.UNWRITTEN_FIELDS.stream()
                    .filter(f -> c.apiLoadBalancer().orElseThrow().extra().get(f) != null)
                    .forEach(
                        f ->
                            out.add(
                                "spec.api.loadBalancer."
                                    + f
                                    + " is not written to the API's Classic load balancer"
                                    + " (aws_elb); jkops writes kops' settings without it")));
    boolean apiBalancer = c.apiLoadBalancer().isPresent();
    if (apiBalancer && publishesDns(c) && hostedZoneId(c).isEmpty()) {
      out.add(
          "the API's DNS records (aws_route53_record) are not written: the hosted zone is found by name only"
              + " through Route 53; set spec.dnsZone to the zone's id (e.g. Z1AFAKE1ZON3YO) to have them written");
    }
    return out;
  }
}
