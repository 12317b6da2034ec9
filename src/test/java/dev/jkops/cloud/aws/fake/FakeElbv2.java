package dev.jkops.cloud.aws.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.*;

/**
 * Elastic Load Balancing v2 for network load balancers, as AWS answers: a name that does not exist
 * is an error (LoadBalancerNotFound, TargetGroupNotFound), not an empty list; tags come only from
 * DescribeTags; a target group a listener forwards to cannot be deleted (ResourceInUse); a new
 * target group deregisters after 300 s until its attributes say otherwise. While a load balancer
 * exists, EC2 refuses to delete its subnets and security groups (DependencyViolation).
 */
public final class FakeElbv2 implements ElasticLoadBalancingV2Client {
  private final FakeAws aws;
  public final Map<String, LoadBalancer> loadBalancers = new LinkedHashMap<>();
  public final Map<String, Listener> listeners = new LinkedHashMap<>();
  public final Map<String, TargetGroup> targetGroups = new LinkedHashMap<>();
  final Map<String, Map<String, String>> attributes = new LinkedHashMap<>();
  final Map<String, Map<String, String>> tags = new LinkedHashMap<>();

  FakeElbv2(FakeAws aws) {
    this.aws = aws;
  }

  /** True when a load balancer sits in this subnet or uses this security group. */
  boolean uses(String ec2Id) {
    return loadBalancers.values().stream()
        .anyMatch(
            lb ->
                lb.securityGroups().contains(ec2Id)
                    || lb.availabilityZones().stream().anyMatch(z -> ec2Id.equals(z.subnetId())));
  }

  /** The tags of a load balancer or target group by its ARN. */
  public Map<String, String> tagsOf(String arn) {
    return tags.getOrDefault(arn, Map.of());
  }

  /** A target group's attributes as DescribeTargetGroupAttributes reports them. */
  public Map<String, String> attributesOf(String arn) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("deregistration_delay.timeout_seconds", "300");
    a.put("deregistration_delay.connection_termination.enabled", "false");
    a.putAll(attributes.getOrDefault(arn, Map.of()));
    return a;
  }

  private static List<Tag> tagList(Map<String, String> m) {
    List<Tag> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
    return out;
  }

  private void putTags(String arn, List<Tag> t) {
    Map<String, String> m = tags.computeIfAbsent(arn, k -> new LinkedHashMap<>());
    t.forEach(x -> m.put(x.key(), x.value()));
  }

  @Override
  public DescribeLoadBalancersResponse describeLoadBalancers(DescribeLoadBalancersRequest r) {
    aws.call("describeLoadBalancers");
    List<LoadBalancer> out = new ArrayList<>();
    if (r.hasNames()) {
      for (String name : r.names()) {
        out.add(
            loadBalancers.values().stream()
                .filter(lb -> lb.loadBalancerName().equals(name))
                .findFirst()
                .orElseThrow(
                    () ->
                        FakeAws.error(
                            "LoadBalancerNotFound",
                            "Load balancers '[" + name + "]' not found",
                            400)));
      }
    } else {
      out.addAll(loadBalancers.values());
    }
    return DescribeLoadBalancersResponse.builder().loadBalancers(out).build();
  }

  @Override
  public CreateLoadBalancerResponse createLoadBalancer(CreateLoadBalancerRequest r) {
    aws.call("createLoadBalancer");
    if (loadBalancers.values().stream().anyMatch(lb -> lb.loadBalancerName().equals(r.name()))) {
      throw FakeAws.error(
          "DuplicateLoadBalancerName", "A load balancer with the same name exists", 400);
    }
    List<AvailabilityZone> zones = new ArrayList<>();
    for (String s : r.subnets()) {
      var subnet = aws.ec2.subnets.get(s);
      if (subnet == null) {
        throw FakeAws.error("SubnetNotFound", "The subnet ID '" + s + "' is not valid", 400);
      }
      zones.add(AvailabilityZone.builder().subnetId(s).zoneName(subnet.availabilityZone()).build());
    }
    for (String g : r.securityGroups()) {
      if (!aws.ec2.security.groups.containsKey(g)) {
        throw FakeAws.error(
            "InvalidSecurityGroup", "Security group '" + g + "' does not exist", 400);
      }
    }
    String id = aws.id("net");
    String arn =
        "arn:aws:elasticloadbalancing:us-test-1:123456789012:loadbalancer/net/"
            + r.name()
            + "/"
            + id;
    LoadBalancer lb =
        LoadBalancer.builder()
            .loadBalancerArn(arn)
            .loadBalancerName(r.name())
            .type(r.type())
            .scheme(r.scheme() == null ? LoadBalancerSchemeEnum.INTERNET_FACING : r.scheme())
            .ipAddressType(r.ipAddressType() == null ? IpAddressType.IPV4 : r.ipAddressType())
            .availabilityZones(zones)
            .securityGroups(r.securityGroups())
            .vpcId(zones.isEmpty() ? null : aws.ec2.subnets.get(zones.get(0).subnetId()).vpcId())
            .dnsName(r.name() + "-" + id + ".elb.us-test-1.amazonaws.com")
            .canonicalHostedZoneId("Z26RNL4JYFTOTI")
            .state(s -> s.code(LoadBalancerStateEnum.ACTIVE))
            .build();
    loadBalancers.put(arn, lb);
    putTags(arn, r.tags());
    return CreateLoadBalancerResponse.builder().loadBalancers(lb).build();
  }

  private LoadBalancer loadBalancer(String arn) {
    LoadBalancer lb = loadBalancers.get(arn);
    if (lb == null) {
      throw FakeAws.error("LoadBalancerNotFound", "Load balancer '" + arn + "' not found", 400);
    }
    return lb;
  }

  @Override
  public SetSubnetsResponse setSubnets(SetSubnetsRequest r) {
    aws.call("setSubnets");
    LoadBalancer lb = loadBalancer(r.loadBalancerArn());
    List<AvailabilityZone> zones =
        r.subnets().stream()
            .map(
                s ->
                    AvailabilityZone.builder()
                        .subnetId(s)
                        .zoneName(aws.ec2.subnets.get(s).availabilityZone())
                        .build())
            .toList();
    loadBalancers.put(lb.loadBalancerArn(), lb.toBuilder().availabilityZones(zones).build());
    return SetSubnetsResponse.builder().build();
  }

  @Override
  public SetSecurityGroupsResponse setSecurityGroups(SetSecurityGroupsRequest r) {
    aws.call("setSecurityGroups");
    LoadBalancer lb = loadBalancer(r.loadBalancerArn());
    loadBalancers.put(
        lb.loadBalancerArn(), lb.toBuilder().securityGroups(r.securityGroups()).build());
    return SetSecurityGroupsResponse.builder().build();
  }

  @Override
  public DeleteLoadBalancerResponse deleteLoadBalancer(DeleteLoadBalancerRequest r) {
    aws.call("deleteLoadBalancer");
    loadBalancer(r.loadBalancerArn());
    loadBalancers.remove(r.loadBalancerArn());
    listeners.values().removeIf(l -> l.loadBalancerArn().equals(r.loadBalancerArn()));
    tags.remove(r.loadBalancerArn());
    return DeleteLoadBalancerResponse.builder().build();
  }

  @Override
  public DescribeListenersResponse describeListeners(DescribeListenersRequest r) {
    aws.call("describeListeners");
    loadBalancer(r.loadBalancerArn());
    return DescribeListenersResponse.builder()
        .listeners(
            listeners.values().stream()
                .filter(l -> l.loadBalancerArn().equals(r.loadBalancerArn()))
                .toList())
        .build();
  }

  private void requireTargetGroups(List<Action> actions) {
    for (Action a : actions) {
      if (a.targetGroupArn() != null && !targetGroups.containsKey(a.targetGroupArn())) {
        throw FakeAws.error(
            "TargetGroupNotFound", "Target groups '" + a.targetGroupArn() + "' not found", 400);
      }
    }
  }

  @Override
  public CreateListenerResponse createListener(CreateListenerRequest r) {
    aws.call("createListener");
    loadBalancer(r.loadBalancerArn());
    requireTargetGroups(r.defaultActions());
    if (listeners.values().stream()
        .anyMatch(
            l -> l.loadBalancerArn().equals(r.loadBalancerArn()) && l.port().equals(r.port()))) {
      throw FakeAws.error("DuplicateListener", "A listener already exists on that port", 400);
    }
    String arn = r.loadBalancerArn().replace(":loadbalancer/", ":listener/") + "/" + aws.id("l");
    Listener l =
        Listener.builder()
            .listenerArn(arn)
            .loadBalancerArn(r.loadBalancerArn())
            .port(r.port())
            .protocol(r.protocol())
            .defaultActions(r.defaultActions())
            .build();
    listeners.put(arn, l);
    return CreateListenerResponse.builder().listeners(l).build();
  }

  @Override
  public ModifyListenerResponse modifyListener(ModifyListenerRequest r) {
    aws.call("modifyListener");
    Listener l = listeners.get(r.listenerArn());
    if (l == null) {
      throw FakeAws.error("ListenerNotFound", "Listener '" + r.listenerArn() + "' not found", 400);
    }
    requireTargetGroups(r.defaultActions());
    Listener.Builder b = l.toBuilder();
    if (r.port() != null) {
      b.port(r.port());
    }
    if (r.protocol() != null) {
      b.protocol(r.protocol());
    }
    if (r.hasDefaultActions()) {
      b.defaultActions(r.defaultActions());
    }
    listeners.put(r.listenerArn(), b.build());
    return ModifyListenerResponse.builder().build();
  }

  @Override
  public DeleteListenerResponse deleteListener(DeleteListenerRequest r) {
    aws.call("deleteListener");
    if (listeners.remove(r.listenerArn()) == null) {
      throw FakeAws.error("ListenerNotFound", "Listener '" + r.listenerArn() + "' not found", 400);
    }
    return DeleteListenerResponse.builder().build();
  }

  @Override
  public DescribeTargetGroupsResponse describeTargetGroups(DescribeTargetGroupsRequest r) {
    aws.call("describeTargetGroups");
    List<TargetGroup> out = new ArrayList<>();
    if (r.hasNames()) {
      for (String name : r.names()) {
        out.add(
            targetGroups.values().stream()
                .filter(g -> g.targetGroupName().equals(name))
                .findFirst()
                .orElseThrow(
                    () ->
                        FakeAws.error(
                            "TargetGroupNotFound",
                            "Target groups '[" + name + "]' not found",
                            400)));
      }
    } else {
      out.addAll(targetGroups.values());
    }
    return DescribeTargetGroupsResponse.builder().targetGroups(out).build();
  }

  @Override
  public CreateTargetGroupResponse createTargetGroup(CreateTargetGroupRequest r) {
    aws.call("createTargetGroup");
    if (targetGroups.values().stream().anyMatch(g -> g.targetGroupName().equals(r.name()))) {
      throw FakeAws.error(
          "DuplicateTargetGroupName", "A target group with the same name exists", 400);
    }
    if (!aws.ec2.vpcs.containsKey(r.vpcId())) {
      throw FakeAws.error(
          "InvalidVpcID.NotFound", "The vpc ID '" + r.vpcId() + "' does not exist", 400);
    }
    String arn =
        "arn:aws:elasticloadbalancing:us-test-1:123456789012:targetgroup/"
            + r.name()
            + "/"
            + aws.id("tg");
    TargetGroup g =
        TargetGroup.builder()
            .targetGroupArn(arn)
            .targetGroupName(r.name())
            .protocol(r.protocol())
            .port(r.port())
            .vpcId(r.vpcId())
            .targetType(r.targetType())
            .healthCheckProtocol(r.healthCheckProtocol())
            .healthCheckIntervalSeconds(r.healthCheckIntervalSeconds())
            .healthyThresholdCount(r.healthyThresholdCount())
            .unhealthyThresholdCount(r.unhealthyThresholdCount())
            .build();
    targetGroups.put(arn, g);
    putTags(arn, r.tags());
    return CreateTargetGroupResponse.builder().targetGroups(g).build();
  }

  private TargetGroup targetGroup(String arn) {
    TargetGroup g = targetGroups.get(arn);
    if (g == null) {
      throw FakeAws.error("TargetGroupNotFound", "Target groups '" + arn + "' not found", 400);
    }
    return g;
  }

  @Override
  public ModifyTargetGroupResponse modifyTargetGroup(ModifyTargetGroupRequest r) {
    aws.call("modifyTargetGroup");
    TargetGroup g = targetGroup(r.targetGroupArn());
    targetGroups.put(
        g.targetGroupArn(),
        g.toBuilder()
            .healthCheckProtocol(r.healthCheckProtocol())
            .healthCheckIntervalSeconds(r.healthCheckIntervalSeconds())
            .healthyThresholdCount(r.healthyThresholdCount())
            .unhealthyThresholdCount(r.unhealthyThresholdCount())
            .build());
    return ModifyTargetGroupResponse.builder().build();
  }

  @Override
  public DescribeTargetGroupAttributesResponse describeTargetGroupAttributes(
      DescribeTargetGroupAttributesRequest r) {
    aws.call("describeTargetGroupAttributes");
    targetGroup(r.targetGroupArn());
    List<TargetGroupAttribute> out = new ArrayList<>();
    attributesOf(r.targetGroupArn())
        .forEach((k, v) -> out.add(TargetGroupAttribute.builder().key(k).value(v).build()));
    return DescribeTargetGroupAttributesResponse.builder().attributes(out).build();
  }

  @Override
  public ModifyTargetGroupAttributesResponse modifyTargetGroupAttributes(
      ModifyTargetGroupAttributesRequest r) {
    aws.call("modifyTargetGroupAttributes");
    targetGroup(r.targetGroupArn());
    Map<String, String> a =
        attributes.computeIfAbsent(r.targetGroupArn(), k -> new LinkedHashMap<>());
    r.attributes().forEach(x -> a.put(x.key(), x.value()));
    return ModifyTargetGroupAttributesResponse.builder().build();
  }

  @Override
  public DeleteTargetGroupResponse deleteTargetGroup(DeleteTargetGroupRequest r) {
    aws.call("deleteTargetGroup");
    targetGroup(r.targetGroupArn());
    boolean forwarded =
        listeners.values().stream()
            .flatMap(l -> l.defaultActions().stream())
            .anyMatch(a -> r.targetGroupArn().equals(a.targetGroupArn()));
    if (forwarded) {
      throw FakeAws.error(
          "ResourceInUse",
          "Target group '" + r.targetGroupArn() + "' is currently in use by a listener or a rule",
          400);
    }
    targetGroups.remove(r.targetGroupArn());
    attributes.remove(r.targetGroupArn());
    tags.remove(r.targetGroupArn());
    return DeleteTargetGroupResponse.builder().build();
  }

  @Override
  public DescribeTagsResponse describeTags(DescribeTagsRequest r) {
    aws.call("describeTags");
    if (r.resourceArns().size() > 20) {
      throw FakeAws.error("ValidationError", "at most 20 resource ARNs", 400);
    }
    List<TagDescription> out = new ArrayList<>();
    for (String arn : r.resourceArns()) {
      if (!loadBalancers.containsKey(arn) && !targetGroups.containsKey(arn)) {
        throw FakeAws.error("LoadBalancerNotFound", "'" + arn + "' not found", 400);
      }
      out.add(TagDescription.builder().resourceArn(arn).tags(tagList(tagsOf(arn))).build());
    }
    return DescribeTagsResponse.builder().tagDescriptions(out).build();
  }

  @Override
  public AddTagsResponse addTags(AddTagsRequest r) {
    aws.call("addTags");
    for (String arn : r.resourceArns()) {
      putTags(arn, r.tags());
    }
    return AddTagsResponse.builder().build();
  }

  @Override
  public String serviceName() {
    return "elasticloadbalancing";
  }

  @Override
  public void close() {}
}
