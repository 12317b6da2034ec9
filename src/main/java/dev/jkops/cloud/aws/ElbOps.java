package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * kops' network load balancers and target groups through Elastic Load Balancing v2: found by name
 * (the cluster's by their tags), created with their tags in the same call, and changed in place
 * where the API allows it. Listeners and target group attributes are separate calls after the
 * create, so a run cut short before them leaves a load balancer the next run completes.
 */
final class ElbOps {
  /** DescribeTags takes at most 20 ARNs per call. */
  private static final int TAG_BATCH = 20;

  static final String DEREGISTRATION_DELAY = "deregistration_delay.timeout_seconds";
  static final String CONNECTION_TERMINATION =
      "deregistration_delay.connection_termination.enabled";

  private final AwsContext c;
  private final ClassicElbOps classic;

  ElbOps(AwsContext c) {
    this.c = c;
    this.classic = new ClassicElbOps(c);
  }

  /** The API's Classic load balancer, through the Classic API. */
  ClassicElbOps classic() {
    return classic;
  }

  private ElasticLoadBalancingV2Client elb() {
    return c.clients().elbv2();
  }

  private static boolean notFound(AwsException e, String code) {
    return e.getCause() instanceof AwsServiceException ase && code.equals(AwsRetry.code(ase));
  }

  // ---- load balancers

  Optional<AwsResource> findLoadBalancer(NetworkLoadBalancer d) {
    return describeByName(
            "load balancer " + d.loadBalancerName(),
            "LoadBalancerNotFound",
            () -> elb().describeLoadBalancers(r -> r.names(d.loadBalancerName())).loadBalancers())
        .map(lb -> loadBalancer(lb, d.name(), tagsOf(List.of(lb.loadBalancerArn()))));
  }

  /**
   * The one thing a describe by name returns, or empty when there is none: ELB answers a name it
   * does not know with {@code notFoundCode}, an error, not an empty list.
   */
  private <T> Optional<T> describeByName(
      String what, String notFoundCode, java.util.function.Supplier<List<T>> describe) {
    try {
      return c.retry().call("finding " + what, describe).stream().findFirst();
    } catch (AwsException e) {
      if (notFound(e, notFoundCode)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The network load balancers tagged as the cluster's. */
  List<AwsResource> ownedLoadBalancers() {
    List<LoadBalancer> all = new ArrayList<>();
    String marker = null;
    do {
      String m = marker;
      var page =
          c.retry()
              .call("listing load balancers", () -> elb().describeLoadBalancers(r -> r.marker(m)));
      all.addAll(page.loadBalancers());
      marker = page.nextMarker();
    } while (marker != null && !marker.isEmpty());
    List<LoadBalancer> network =
        all.stream().filter(lb -> lb.type() == LoadBalancerTypeEnum.NETWORK).toList();
    Map<String, SortedMap<String, String>> tags =
        tagsOf(network.stream().map(LoadBalancer::loadBalancerArn).toList());
    List<AwsResource> out = new ArrayList<>();
    for (LoadBalancer lb : network) {
      SortedMap<String, String> t = tags.getOrDefault(lb.loadBalancerArn(), new TreeMap<>());
      if (Tags.ownedBy(t, c.cluster())) {
        out.add(
            loadBalancer(
                lb,
                t.getOrDefault(Tags.NAME, lb.loadBalancerName()),
                Map.of(lb.loadBalancerArn(), t)));
      }
    }
    return out;
  }

  private NetworkLoadBalancer loadBalancer(
      LoadBalancer lb, String name, Map<String, SortedMap<String, String>> tags) {
    String arn = lb.loadBalancerArn();
    c.ids().put(NetworkLoadBalancer.idOf(name), arn);
    List<Ref> subnets =
        lb.availabilityZones().stream().map(z -> c.ids().ref(z.subnetId())).toList();
    List<ResourceId> groups =
        lb.securityGroups().stream()
            .map(g -> c.ids().name(g).orElse(SecurityGroup.idOf(g)))
            .toList();
    List<NetworkLoadBalancer.Listener> listeners =
        listeners(arn).stream()
            .map(
                l ->
                    new NetworkLoadBalancer.Listener(
                        l.port(),
                        l.protocolAsString(),
                        l.defaultActions().stream()
                            .filter(a -> a.type() == ActionTypeEnum.FORWARD)
                            .map(a -> c.ids().ref(a.targetGroupArn()))
                            .findFirst()
                            .orElse(Ref.existing("none"))))
            .toList();
    return new NetworkLoadBalancer(
        name,
        lb.loadBalancerName(),
        "internal".equals(lb.schemeAsString()),
        lb.ipAddressTypeAsString(),
        subnets,
        groups,
        listeners,
        tags.getOrDefault(arn, new TreeMap<>()));
  }

  private List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener> listeners(
      String loadBalancerArn) {
    return c.retry()
        .call(
            "listing the listeners of load balancer " + loadBalancerArn,
            () -> elb().describeListeners(r -> r.loadBalancerArn(loadBalancerArn)))
        .listeners();
  }

  void createLoadBalancer(NetworkLoadBalancer d) {
    LoadBalancer lb =
        c.retry()
            .callAfterCreate(
                "creating load balancer " + d.loadBalancerName(),
                () ->
                    elb()
                        .createLoadBalancer(
                            r ->
                                r.name(d.loadBalancerName())
                                    .type(LoadBalancerTypeEnum.NETWORK)
                                    .scheme(d.scheme())
                                    .ipAddressType(d.ipAddressType())
                                    .subnets(d.subnets().stream().map(c.ids()::resolve).toList())
                                    .securityGroups(securityGroups(d))
                                    .tags(tags(d.tags()))))
            .loadBalancers()
            .get(0);
    c.ids().put(d.id(), lb.loadBalancerArn());
    reconcileListeners(d, List.of());
  }

  private List<String> securityGroups(NetworkLoadBalancer d) {
    return d.securityGroups().stream().map(c.ids()::require).toList();
  }

  /**
   * Changes what the API changes in place: tags, subnets, security groups and listeners. The
   * scheme, the name and the address type are fixed at creation.
   */
  void updateLoadBalancer(NetworkLoadBalancer live, NetworkLoadBalancer d) {
    if (live.internal() != d.internal() || !live.ipAddressType().equals(d.ipAddressType())) {
      throw new AwsException(
          d.id()
              + " is "
              + live.scheme()
              + " ("
              + live.ipAddressType()
              + ") and should be "
              + d.scheme()
              + " ("
              + d.ipAddressType()
              + "), which AWS cannot change in place; delete load balancer "
              + d.loadBalancerName()
              + " and run update cluster --yes again, or put spec.api.loadBalancer.type back");
    }
    String arn = c.ids().require(d.id());
    if (!live.tags().equals(d.tags())) {
      c.retry()
          .run(
              "tagging " + d.id(),
              () -> elb().addTags(r -> r.resourceArns(arn).tags(tags(d.tags()))));
    }
    if (!sortedDisplay(live.subnets()).equals(sortedDisplay(d.subnets()))) {
      c.retry()
          .run(
              "setting the subnets of " + d.id(),
              () ->
                  elb()
                      .setSubnets(
                          r ->
                              r.loadBalancerArn(arn)
                                  .subnets(d.subnets().stream().map(c.ids()::resolve).toList())));
    }
    if (!live.securityGroups().stream()
        .sorted()
        .toList()
        .equals(d.securityGroups().stream().sorted().toList())) {
      c.retry()
          .run(
              "setting the security groups of " + d.id(),
              () ->
                  elb()
                      .setSecurityGroups(
                          r -> r.loadBalancerArn(arn).securityGroups(securityGroups(d))));
    }
    reconcileListeners(d, listeners(arn));
  }

  private static List<String> sortedDisplay(List<Ref> refs) {
    return refs.stream().map(Ref::display).sorted().toList();
  }

  /** Creates the desired listeners that are missing, fixes changed ones, deletes the others. */
  private void reconcileListeners(
      NetworkLoadBalancer d,
      List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener> live) {
    String arn = c.ids().require(d.id());
    Map<Integer, software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener> byPort =
        new HashMap<>();
    live.forEach(l -> byPort.put(l.port(), l));
    for (NetworkLoadBalancer.Listener l : d.listeners()) {
      String targetGroup = c.ids().resolve(l.targetGroup());
      var existing = byPort.remove(l.port());
      if (existing == null) {
        c.retry()
            .run(
                "creating the listener on port " + l.port() + " of " + d.id(),
                () ->
                    elb()
                        .createListener(
                            r ->
                                r.loadBalancerArn(arn)
                                    .port(l.port())
                                    .protocol(l.protocol())
                                    .defaultActions(
                                        a ->
                                            a.type(ActionTypeEnum.FORWARD)
                                                .targetGroupArn(targetGroup))));
      } else if (!l.protocol().equals(existing.protocolAsString())
          || existing.defaultActions().size() != 1
          || !targetGroup.equals(existing.defaultActions().get(0).targetGroupArn())) {
        c.retry()
            .run(
                "changing the listener on port " + l.port() + " of " + d.id(),
                () ->
                    elb()
                        .modifyListener(
                            r ->
                                r.listenerArn(existing.listenerArn())
                                    .protocol(l.protocol())
                                    .defaultActions(
                                        a ->
                                            a.type(ActionTypeEnum.FORWARD)
                                                .targetGroupArn(targetGroup))));
      }
    }
    for (var extra : byPort.values()) {
      c.retry()
          .run(
              "deleting the listener on port " + extra.port() + " of " + d.id(),
              () -> elb().deleteListener(r -> r.listenerArn(extra.listenerArn())));
    }
  }

  void deleteLoadBalancer(NetworkLoadBalancer live) {
    String arn = c.ids().require(live.id());
    // Its listeners go with it.
    c.retry()
        .runDelete(
            "deleting load balancer " + live.loadBalancerName(),
            () -> elb().deleteLoadBalancer(r -> r.loadBalancerArn(arn)));
  }

  // ---- target groups

  Optional<AwsResource> findTargetGroup(TargetGroup d) {
    return describeByName(
            "target group " + d.name(),
            "TargetGroupNotFound",
            () -> elb().describeTargetGroups(r -> r.names(d.name())).targetGroups())
        .map(g -> targetGroup(g, tagsOf(List.of(g.targetGroupArn()))));
  }

  /** The target groups tagged as the cluster's. */
  List<AwsResource> ownedTargetGroups() {
    List<software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup> all =
        new ArrayList<>();
    String marker = null;
    do {
      String m = marker;
      var page =
          c.retry()
              .call("listing target groups", () -> elb().describeTargetGroups(r -> r.marker(m)));
      all.addAll(page.targetGroups());
      marker = page.nextMarker();
    } while (marker != null && !marker.isEmpty());
    Map<String, SortedMap<String, String>> tags =
        tagsOf(all.stream().map(g -> g.targetGroupArn()).toList());
    List<AwsResource> out = new ArrayList<>();
    for (var g : all) {
      if (Tags.ownedBy(tags.getOrDefault(g.targetGroupArn(), new TreeMap<>()), c.cluster())) {
        out.add(targetGroup(g, tags));
      }
    }
    return out;
  }

  private TargetGroup targetGroup(
      software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup g,
      Map<String, SortedMap<String, String>> tags) {
    String arn = g.targetGroupArn();
    c.ids().put(TargetGroup.idOf(g.targetGroupName()), arn);
    Map<String, String> attributes = new HashMap<>();
    c.retry()
        .call(
            "reading the attributes of target group " + g.targetGroupName(),
            () -> elb().describeTargetGroupAttributes(r -> r.targetGroupArn(arn)))
        .attributes()
        .forEach(a -> attributes.put(a.key(), a.value()));
    return new TargetGroup(
        g.targetGroupName(),
        c.ids().ref(g.vpcId()),
        g.port() == null ? 0 : g.port(),
        g.protocolAsString(),
        new TargetGroup.HealthCheck(
            g.healthCheckProtocolAsString(),
            g.healthCheckIntervalSeconds() == null ? 0 : g.healthCheckIntervalSeconds(),
            g.healthyThresholdCount() == null ? 0 : g.healthyThresholdCount(),
            g.unhealthyThresholdCount() == null ? 0 : g.unhealthyThresholdCount()),
        Integer.parseInt(attributes.getOrDefault(DEREGISTRATION_DELAY, "300")),
        Boolean.parseBoolean(attributes.getOrDefault(CONNECTION_TERMINATION, "false")),
        tags.getOrDefault(arn, new TreeMap<>()));
  }

  void createTargetGroup(TargetGroup d) {
    String vpc = c.ids().resolve(d.vpc());
    TargetGroup.HealthCheck h = d.healthCheck();
    String arn =
        c.retry()
            .callAfterCreate(
                "creating target group " + d.name(),
                () ->
                    elb()
                        .createTargetGroup(
                            r ->
                                r.name(d.name())
                                    .targetType(TargetTypeEnum.INSTANCE)
                                    .protocol(d.protocol())
                                    .port(d.port())
                                    .vpcId(vpc)
                                    .healthCheckProtocol(h.protocol())
                                    .healthCheckIntervalSeconds(h.intervalSeconds())
                                    .healthyThresholdCount(h.healthy())
                                    .unhealthyThresholdCount(h.unhealthy())
                                    .tags(tags(d.tags()))))
            .targetGroups()
            .get(0)
            .targetGroupArn();
    c.ids().put(d.id(), arn);
    setAttributes(d, arn);
  }

  private void setAttributes(TargetGroup d, String arn) {
    c.retry()
        .run(
            "setting the deregistration delay of target group " + d.name(),
            () ->
                elb()
                    .modifyTargetGroupAttributes(
                        r ->
                            r.targetGroupArn(arn)
                                .attributes(
                                    TargetGroupAttribute.builder()
                                        .key(DEREGISTRATION_DELAY)
                                        .value(Integer.toString(d.deregistrationDelaySeconds()))
                                        .build(),
                                    TargetGroupAttribute.builder()
                                        .key(CONNECTION_TERMINATION)
                                        .value(Boolean.toString(d.connectionTermination()))
                                        .build())));
  }

  /** Tags, health check and attributes change in place; name, port, protocol and VPC do not. */
  void updateTargetGroup(TargetGroup live, TargetGroup d) {
    if (live.port() != d.port()
        || !live.protocol().equals(d.protocol())
        || !live.vpc().display().equals(d.vpc().display())) {
      throw new AwsException(
          d.id()
              + " listens on "
              + live.protocol()
              + ":"
              + live.port()
              + " in "
              + live.vpc().display()
              + " and should on "
              + d.protocol()
              + ":"
              + d.port()
              + " in "
              + d.vpc().display()
              + ", which AWS cannot change in place; delete target group "
              + d.name()
              + " and run update cluster --yes again");
    }
    String arn = c.ids().require(d.id());
    if (!live.tags().equals(d.tags())) {
      c.retry()
          .run(
              "tagging " + d.id(),
              () -> elb().addTags(r -> r.resourceArns(arn).tags(tags(d.tags()))));
    }
    if (!live.healthCheck().equals(d.healthCheck())) {
      TargetGroup.HealthCheck h = d.healthCheck();
      c.retry()
          .run(
              "changing the health check of " + d.id(),
              () ->
                  elb()
                      .modifyTargetGroup(
                          r ->
                              r.targetGroupArn(arn)
                                  .healthCheckProtocol(h.protocol())
                                  .healthCheckIntervalSeconds(h.intervalSeconds())
                                  .healthyThresholdCount(h.healthy())
                                  .unhealthyThresholdCount(h.unhealthy())));
    }
    if (live.deregistrationDelaySeconds() != d.deregistrationDelaySeconds()
        || live.connectionTermination() != d.connectionTermination()) {
      setAttributes(d, arn);
    }
  }

  void deleteTargetGroup(TargetGroup live) {
    String arn = c.ids().require(live.id());
    // ResourceInUse while the load balancer that forwarded to it is still going away.
    c.retry()
        .runDelete(
            "deleting target group " + live.name(),
            () -> elb().deleteTargetGroup(r -> r.targetGroupArn(arn)));
  }

  // ---- tags

  private Map<String, SortedMap<String, String>> tagsOf(List<String> arns) {
    Map<String, SortedMap<String, String>> out = new HashMap<>();
    for (int i = 0; i < arns.size(); i += TAG_BATCH) {
      List<String> batch = arns.subList(i, Math.min(arns.size(), i + TAG_BATCH));
      c.retry()
          .call("reading load balancing tags", () -> elb().describeTags(r -> r.resourceArns(batch)))
          .tagDescriptions()
          .forEach(
              t -> {
                SortedMap<String, String> m = new TreeMap<>();
                t.tags().forEach(x -> m.put(x.key(), x.value()));
                out.put(t.resourceArn(), m);
              });
    }
    return out;
  }

  private static List<Tag> tags(Map<String, String> tags) {
    List<Tag> out = new ArrayList<>();
    tags.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
    return out;
  }
}
