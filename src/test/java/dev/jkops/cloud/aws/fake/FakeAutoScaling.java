package dev.jkops.cloud.aws.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.*;

/** Auto Scaling groups (no instances: EC2's side of them is not needed to converge the cluster). */
public final class FakeAutoScaling implements AutoScalingClient {
  private final FakeAws aws;
  public final Map<String, AutoScalingGroup> groups = new LinkedHashMap<>();

  FakeAutoScaling(FakeAws aws) {
    this.aws = aws;
  }

  @Override
  public DescribeAutoScalingGroupsResponse describeAutoScalingGroups(DescribeAutoScalingGroupsRequest r) {
    aws.call("describeAutoScalingGroups");
    List<AutoScalingGroup> out = new ArrayList<>();
    for (AutoScalingGroup g : groups.values()) {
      if (r.hasAutoScalingGroupNames() && !r.autoScalingGroupNames().contains(g.autoScalingGroupName())) {
        continue;
      }
      boolean ok = true;
      for (Filter f : r.filters()) {
        String key = f.name().startsWith("tag:") ? f.name().substring(4) : null;
        ok &= key != null && g.tags().stream().anyMatch(t -> t.key().equals(key) && f.values().contains(t.value()));
      }
      if (ok) {
        out.add(g);
      }
    }
    return DescribeAutoScalingGroupsResponse.builder().autoScalingGroups(out).build();
  }

  private static List<TagDescription> described(String name, List<Tag> tags) {
    return tags.stream().map(t -> TagDescription.builder().key(t.key()).value(t.value()).propagateAtLaunch(t.propagateAtLaunch())
        .resourceId(name).resourceType("auto-scaling-group").build()).toList();
  }

  @Override
  public CreateAutoScalingGroupResponse createAutoScalingGroup(CreateAutoScalingGroupRequest r) {
    aws.call("createAutoScalingGroup");
    if (groups.containsKey(r.autoScalingGroupName())) {
      throw FakeAws.error("AlreadyExists", "AutoScalingGroup by this name already exists", 400);
    }
    groups.put(r.autoScalingGroupName(), AutoScalingGroup.builder().autoScalingGroupName(r.autoScalingGroupName())
        .minSize(r.minSize()).maxSize(r.maxSize()).desiredCapacity(r.minSize()).launchTemplate(r.launchTemplate())
        .vpcZoneIdentifier(r.vpcZoneIdentifier()).tags(described(r.autoScalingGroupName(), r.tags())).build());
    return CreateAutoScalingGroupResponse.builder().build();
  }

  @Override
  public UpdateAutoScalingGroupResponse updateAutoScalingGroup(UpdateAutoScalingGroupRequest r) {
    aws.call("updateAutoScalingGroup");
    AutoScalingGroup g = groups.get(r.autoScalingGroupName());
    if (g == null) {
      throw FakeAws.error("ValidationError", "AutoScalingGroup name not found", 400);
    }
    groups.put(g.autoScalingGroupName(), g.toBuilder().minSize(r.minSize()).maxSize(r.maxSize())
        .launchTemplate(r.launchTemplate()).vpcZoneIdentifier(r.vpcZoneIdentifier()).build());
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
    return DeleteAutoScalingGroupResponse.builder().build();
  }

  @Override
  public String serviceName() {
    return "autoscaling";
  }

  @Override
  public void close() {}
}
