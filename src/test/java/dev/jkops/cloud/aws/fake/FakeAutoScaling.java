package dev.jkops.cloud.aws.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.*;

/**
 * Auto Scaling groups. Groups start without instances (converging the cluster does not need them);
 * {@link #launch} starts one from the group's launch template as it is now, and terminating one
 * without lowering the desired capacity launches its replacement, Pending until the next describe.
 */
public final class FakeAutoScaling implements AutoScalingClient {
  private final FakeAws aws;
  public final Map<String, AutoScalingGroup> groups = new LinkedHashMap<>();

  /**
   * Told (group, instance id) when an instance comes into service, as a test's stand-in for the
   * kubelet that would register the instance's node.
   */
  public java.util.function.BiConsumer<String, String> onInService = (group, instance) -> {};

  /** Told (group, instance id) when an instance is terminated. */
  public java.util.function.BiConsumer<String, String> onTerminated = (group, instance) -> {};

  /** Instances terminated, in order. */
  public final List<String> terminated = new ArrayList<>();

  private final Map<String, Integer> pending = new LinkedHashMap<>();

  /** Lifecycle hooks by group, then by hook name. */
  public final Map<String, Map<String, LifecycleHook>> hooks = new LinkedHashMap<>();

  private void requireGroup(String group) {
    if (!groups.containsKey(group)) {
      throw FakeAws.error("ValidationError", "No Auto Scaling group found: " + group, 400);
    }
  }

  @Override
  public DescribeLifecycleHooksResponse describeLifecycleHooks(DescribeLifecycleHooksRequest r) {
    aws.call("describeLifecycleHooks");
    requireGroup(r.autoScalingGroupName());
    List<LifecycleHook> out = new ArrayList<>();
    hooks
        .getOrDefault(r.autoScalingGroupName(), Map.of())
        .forEach(
            (name, h) -> {
              if (!r.hasLifecycleHookNames() || r.lifecycleHookNames().contains(name)) {
                out.add(h);
              }
            });
    return DescribeLifecycleHooksResponse.builder().lifecycleHooks(out).build();
  }

  @Override
  public PutLifecycleHookResponse putLifecycleHook(PutLifecycleHookRequest r) {
    aws.call("putLifecycleHook");
    requireGroup(r.autoScalingGroupName());
    hooks
        .computeIfAbsent(r.autoScalingGroupName(), g -> new LinkedHashMap<>())
        .put(
            r.lifecycleHookName(),
            LifecycleHook.builder()
                .autoScalingGroupName(r.autoScalingGroupName())
                .lifecycleHookName(r.lifecycleHookName())
                .lifecycleTransition(r.lifecycleTransition())
                .heartbeatTimeout(r.heartbeatTimeout())
                .defaultResult(r.defaultResult())
                .build());
    return PutLifecycleHookResponse.builder().build();
  }

  @Override
  public DeleteLifecycleHookResponse deleteLifecycleHook(DeleteLifecycleHookRequest r) {
    aws.call("deleteLifecycleHook");
    requireGroup(r.autoScalingGroupName());
    var mine = hooks.getOrDefault(r.autoScalingGroupName(), new LinkedHashMap<>());
    if (mine.remove(r.lifecycleHookName()) == null) {
      throw FakeAws.error("ValidationError", "No lifecycle hook found", 400);
    }
    return DeleteLifecycleHookResponse.builder().build();
  }

  FakeAutoScaling(FakeAws aws) {
    this.aws = aws;
  }

  @Override
  public DescribeAutoScalingGroupsResponse describeAutoScalingGroups(
      DescribeAutoScalingGroupsRequest r) {
    aws.call("describeAutoScalingGroups");
    settle();
    List<AutoScalingGroup> out = new ArrayList<>();
    for (AutoScalingGroup g : groups.values()) {
      if (r.hasAutoScalingGroupNames()
          && !r.autoScalingGroupNames().contains(g.autoScalingGroupName())) {
        continue;
      }
      boolean ok = true;
      for (Filter f : r.filters()) {
        String key = f.name().startsWith("tag:") ? f.name().substring(4) : null;
        ok &=
            key != null
                && g.tags().stream()
                    .anyMatch(t -> t.key().equals(key) && f.values().contains(t.value()));
      }
      if (ok) {
        out.add(g);
      }
    }
    return DescribeAutoScalingGroupsResponse.builder().autoScalingGroups(out).build();
  }

  private static List<TagDescription> described(String name, List<Tag> tags) {
    return tags.stream()
        .map(
            t ->
                TagDescription.builder()
                    .key(t.key())
                    .value(t.value())
                    .propagateAtLaunch(t.propagateAtLaunch())
                    .resourceId(name)
                    .resourceType("auto-scaling-group")
                    .build())
        .toList();
  }

  @Override
  public CreateAutoScalingGroupResponse createAutoScalingGroup(CreateAutoScalingGroupRequest r) {
    aws.call("createAutoScalingGroup");
    if (groups.containsKey(r.autoScalingGroupName())) {
      throw FakeAws.error("AlreadyExists", "AutoScalingGroup by this name already exists", 400);
    }
    requireTargetGroups(r.targetGroupARNs());
    requireClassic(r.loadBalancerNames());
    groups.put(
        r.autoScalingGroupName(),
        AutoScalingGroup.builder()
            .autoScalingGroupName(r.autoScalingGroupName())
            .minSize(r.minSize())
            .maxSize(r.maxSize())
            .desiredCapacity(r.minSize())
            .maxInstanceLifetime(r.maxInstanceLifetime())
            .launchTemplate(r.launchTemplate())
            .vpcZoneIdentifier(r.vpcZoneIdentifier())
            .targetGroupARNs(r.targetGroupARNs())
            .loadBalancerNames(r.loadBalancerNames())
            .tags(described(r.autoScalingGroupName(), r.tags()))
            .build());
    return CreateAutoScalingGroupResponse.builder().build();
  }

  private void requireClassic(List<String> names) {
    for (String name : names) {
      if (!aws.classicElb.loadBalancers.containsKey(name)) {
        throw FakeAws.error("ValidationError", "Provided Load Balancers may not be valid", 400);
      }
    }
  }

  @Override
  public software.amazon.awssdk.services.autoscaling.model.AttachLoadBalancersResponse
      attachLoadBalancers(
          software.amazon.awssdk.services.autoscaling.model.AttachLoadBalancersRequest r) {
    aws.call("attachLoadBalancers");
    AutoScalingGroup g = group(r.autoScalingGroupName());
    requireClassic(r.loadBalancerNames());
    List<String> names = new ArrayList<>(g.loadBalancerNames());
    r.loadBalancerNames().stream().filter(n -> !names.contains(n)).forEach(names::add);
    groups.put(g.autoScalingGroupName(), g.toBuilder().loadBalancerNames(names).build());
    return software.amazon.awssdk.services.autoscaling.model.AttachLoadBalancersResponse.builder()
        .build();
  }

  @Override
  public software.amazon.awssdk.services.autoscaling.model.DetachLoadBalancersResponse
      detachLoadBalancers(
          software.amazon.awssdk.services.autoscaling.model.DetachLoadBalancersRequest r) {
    aws.call("detachLoadBalancers");
    AutoScalingGroup g = group(r.autoScalingGroupName());
    List<String> names = new ArrayList<>(g.loadBalancerNames());
    names.removeAll(r.loadBalancerNames());
    groups.put(g.autoScalingGroupName(), g.toBuilder().loadBalancerNames(names).build());
    return software.amazon.awssdk.services.autoscaling.model.DetachLoadBalancersResponse.builder()
        .build();
  }

  private void requireTargetGroups(List<String> arns) {
    for (String arn : arns) {
      if (!aws.elbv2.targetGroups.containsKey(arn)) {
        throw FakeAws.error("ValidationError", "Provided Target Groups may not be valid", 400);
      }
    }
  }

  private AutoScalingGroup group(String name) {
    AutoScalingGroup g = groups.get(name);
    if (g == null) {
      throw FakeAws.error("ValidationError", "AutoScalingGroup name not found", 400);
    }
    return g;
  }

  @Override
  public AttachLoadBalancerTargetGroupsResponse attachLoadBalancerTargetGroups(
      AttachLoadBalancerTargetGroupsRequest r) {
    aws.call("attachLoadBalancerTargetGroups");
    AutoScalingGroup g = group(r.autoScalingGroupName());
    requireTargetGroups(r.targetGroupARNs());
    List<String> arns = new ArrayList<>(g.targetGroupARNs());
    r.targetGroupARNs().stream().filter(a -> !arns.contains(a)).forEach(arns::add);
    groups.put(g.autoScalingGroupName(), g.toBuilder().targetGroupARNs(arns).build());
    return AttachLoadBalancerTargetGroupsResponse.builder().build();
  }

  @Override
  public DetachLoadBalancerTargetGroupsResponse detachLoadBalancerTargetGroups(
      DetachLoadBalancerTargetGroupsRequest r) {
    aws.call("detachLoadBalancerTargetGroups");
    AutoScalingGroup g = group(r.autoScalingGroupName());
    List<String> arns = new ArrayList<>(g.targetGroupARNs());
    arns.removeAll(r.targetGroupARNs());
    groups.put(g.autoScalingGroupName(), g.toBuilder().targetGroupARNs(arns).build());
    return DetachLoadBalancerTargetGroupsResponse.builder().build();
  }

  @Override
  public EnableMetricsCollectionResponse enableMetricsCollection(EnableMetricsCollectionRequest r) {
    aws.call("enableMetricsCollection");
    AutoScalingGroup g = group(r.autoScalingGroupName());
    if (!"1Minute".equals(r.granularity())) {
      throw FakeAws.error("ValidationError", "Valid granularity is 1Minute", 400);
    }
    Map<String, EnabledMetric> metrics = new LinkedHashMap<>();
    g.enabledMetrics().forEach(m -> metrics.put(m.metric(), m));
    r.metrics()
        .forEach(
            m -> metrics.put(m, EnabledMetric.builder().metric(m).granularity("1Minute").build()));
    groups.put(
        g.autoScalingGroupName(),
        g.toBuilder().enabledMetrics(new ArrayList<>(metrics.values())).build());
    return EnableMetricsCollectionResponse.builder().build();
  }

  @Override
  public DisableMetricsCollectionResponse disableMetricsCollection(
      DisableMetricsCollectionRequest r) {
    aws.call("disableMetricsCollection");
    AutoScalingGroup g = group(r.autoScalingGroupName());
    groups.put(
        g.autoScalingGroupName(),
        g.toBuilder()
            .enabledMetrics(
                g.enabledMetrics().stream().filter(m -> !r.metrics().contains(m.metric())).toList())
            .build());
    return DisableMetricsCollectionResponse.builder().build();
  }

  @Override
  public UpdateAutoScalingGroupResponse updateAutoScalingGroup(UpdateAutoScalingGroupRequest r) {
    aws.call("updateAutoScalingGroup");
    AutoScalingGroup g = groups.get(r.autoScalingGroupName());
    if (g == null) {
      throw FakeAws.error("ValidationError", "AutoScalingGroup name not found", 400);
    }
    groups.put(
        g.autoScalingGroupName(),
        g.toBuilder()
            .minSize(r.minSize())
            .maxSize(r.maxSize())
            .maxInstanceLifetime(
                r.maxInstanceLifetime() == null ? g.maxInstanceLifetime() : r.maxInstanceLifetime())
            .launchTemplate(r.launchTemplate())
            .vpcZoneIdentifier(r.vpcZoneIdentifier())
            .build());
    return UpdateAutoScalingGroupResponse.builder().build();
  }

  @Override
  public CreateOrUpdateTagsResponse createOrUpdateTags(CreateOrUpdateTagsRequest r) {
    aws.call("createOrUpdateTags");
    for (Tag t : r.tags()) {
      AutoScalingGroup g = groups.get(t.resourceId());
      Map<String, TagDescription> m = new LinkedHashMap<>();
      g.tags().forEach(x -> m.put(x.key(), x));
      described(t.resourceId(), List.of(t)).forEach(x -> m.put(x.key(), x));
      groups.put(g.autoScalingGroupName(), g.toBuilder().tags(new ArrayList<>(m.values())).build());
    }
    return CreateOrUpdateTagsResponse.builder().build();
  }

  @Override
  public DeleteAutoScalingGroupResponse deleteAutoScalingGroup(DeleteAutoScalingGroupRequest r) {
    aws.call("deleteAutoScalingGroup");
    if (groups.remove(r.autoScalingGroupName()) == null) {
      throw FakeAws.error("ValidationError", "AutoScalingGroup name not found", 400);
    }
    hooks.remove(r.autoScalingGroupName());
    return DeleteAutoScalingGroupResponse.builder().build();
  }

  /**
   * Launches an instance into the group from its template's current default version, in service.
   */
  public String launch(String group) {
    return launch(group, LifecycleState.IN_SERVICE);
  }

  private String launch(String group, LifecycleState state) {
    AutoScalingGroup g = groups.get(group);
    LaunchTemplateSpecification spec = g.launchTemplate();
    var template = aws.ec2.templates.named(spec.launchTemplateName()).orElseThrow();
    long version =
        FakeEc2Templates.versionNumber(
            template, spec.version() == null ? "$Default" : spec.version());
    String id = aws.id("i");
    List<Instance> instances = new ArrayList<>(g.instances());
    instances.add(
        Instance.builder()
            .instanceId(id)
            .lifecycleState(state)
            .healthStatus("Healthy")
            .availabilityZone("us-test-1a")
            .launchTemplate(
                LaunchTemplateSpecification.builder()
                    .launchTemplateId(template.launchTemplateId())
                    .launchTemplateName(template.launchTemplateName())
                    .version(Long.toString(version))
                    .build())
            .build());
    groups.put(group, g.toBuilder().instances(instances).build());
    if (state == LifecycleState.IN_SERVICE) {
      onInService.accept(group, id);
    }
    return id;
  }

  /**
   * A replacement is Pending for the first describe after its launch and in service from the
   * second.
   */
  private void settle() {
    groups.replaceAll(
        (name, g) ->
            g.toBuilder()
                .instances(
                    g.instances().stream()
                        .map(
                            i -> {
                              if (i.lifecycleState() != LifecycleState.PENDING) {
                                return i;
                              }
                              int left = pending.merge(i.instanceId(), -1, Integer::sum);
                              if (left >= 0) {
                                return i;
                              }
                              onInService.accept(name, i.instanceId());
                              return i.toBuilder()
                                  .lifecycleState(LifecycleState.IN_SERVICE)
                                  .build();
                            })
                        .toList())
                .build());
  }

  @Override
  public TerminateInstanceInAutoScalingGroupResponse terminateInstanceInAutoScalingGroup(
      TerminateInstanceInAutoScalingGroupRequest r) {
    aws.call("terminateInstanceInAutoScalingGroup");
    for (AutoScalingGroup g : List.copyOf(groups.values())) {
      if (g.instances().stream().anyMatch(i -> i.instanceId().equals(r.instanceId()))) {
        List<Instance> left =
            g.instances().stream().filter(i -> !i.instanceId().equals(r.instanceId())).toList();
        int desired =
            Boolean.TRUE.equals(r.shouldDecrementDesiredCapacity())
                ? g.desiredCapacity() - 1
                : g.desiredCapacity();
        groups.put(
            g.autoScalingGroupName(),
            g.toBuilder().instances(left).desiredCapacity(desired).build());
        terminated.add(r.instanceId());
        onTerminated.accept(g.autoScalingGroupName(), r.instanceId());
        if (left.size() < desired) {
          pending.put(launch(g.autoScalingGroupName(), LifecycleState.PENDING), 1);
        }
        return TerminateInstanceInAutoScalingGroupResponse.builder().build();
      }
    }
    throw FakeAws.error(
        "ValidationError",
        "Instance Id not found - No managed instance found for instance ID " + r.instanceId(),
        400);
  }

  @Override
  public String serviceName() {
    return "autoscaling";
  }

  @Override
  public void close() {}
}
