package dev.jkops.cloud.aws;

import dev.jkops.api.InstanceGroup;
import dev.jkops.api.InstanceGroupSpec;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkPlan;
import dev.jkops.model.NodeNetworkConfig;
import dev.jkops.model.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A launch template and an autoscaling group per instance group. kops names them {@code
 * <group>.<cluster>}, and {@code <group>.masters.<cluster>} for the control plane.
 */
final class InstanceGroupResources {
  private InstanceGroupResources() {}

  static List<AwsResource> build(
      AwsCluster c, NetworkPlan plan, List<Subnet> subnets, String keyName) {
    List<AwsResource> out = new ArrayList<>();
    for (InstanceGroup ig : c.instanceGroups()) {
      InstanceGroupSpec spec = ig.spec();
      Role role = Role.of(spec);
      String name = c.autoscalingGroupName(ig);
      String userData = UserData.render(c, plan, ig, nodeConfig(plan, ig.name()));
      String hash = UserData.sha256(userData);
      SortedMap<String, String> tags = new TreeMap<>(Tags.owned(c.name(), name));
      tags.put("kops.k8s.io/instancegroup", ig.name());
      tags.put(
          "k8s.io/role/"
              + (role == Role.CONTROL_PLANE ? "master" : role == Role.NODE ? "node" : "bastion"),
          "1");
      SortedMap<String, String> ltTags = new TreeMap<>(tags);
      ltTags.put(LaunchTemplate.HASH_TAG, hash);
      String profile = c.named(IamResources.rolePrefix(spec));
      boolean srcDst = plan.sourceDestCheck().getOrDefault(role, true);
      ltTags.put(InstanceOps.SRC_DST_TAG, Boolean.toString(srcDst));
      LaunchTemplate lt =
          new LaunchTemplate(
              name,
              ig.name(),
              orElse(spec.machineType(), "t3.medium"),
              orElse(str(spec.extra().get("image")), "ubuntu"),
              List.of(SecurityResources.groupId(c, role)),
              IamInstanceProfile.idOf(profile),
              // kops: an IPv6 cluster's instances are reached over IPv6; none takes a public IPv4
              associatePublicIp(c, spec) && !c.spec().isIpv6Only(),
              srcDst,
              userData,
              hash,
              keyName,
              InstanceSettings.of(ig).withIpv6(c.spec().isIpv6Only()),
              ltTags);
      out.add(lt);
      List<Ref> refs = new ArrayList<>();
      for (String subnet : spec.subnetsOrEmpty()) {
        Subnet s =
            subnets.stream()
                .filter(x -> x.name().equals(c.named(subnet)))
                .findFirst()
                .orElseThrow(
                    () ->
                        new AwsException(
                            "instance group "
                                + ig.name()
                                + " names subnet \""
                                + subnet
                                + "\", which is not in the cluster's spec.subnets; fix spec.subnets of the instance group"));
        refs.add(s.ref());
      }
      out.add(
          new AutoscalingGroup(
              name,
              ig.name(),
              lt.id(),
              spec.minSizeOrDefault(),
              spec.maxSizeOrDefault(),
              refs,
              InstanceSettings.of(ig).maxInstanceLifetimeSeconds(),
              List.of(),
              InstanceTerraform.ENABLED_METRICS,
              tags));
    }
    return out;
  }

  /** The node configuration of the group's first instance: the one every instance boots with. */
  static Optional<NodeNetworkConfig> nodeConfig(NetworkPlan plan, String instanceGroup) {
    return plan.instances().stream()
        .filter(i -> i.instanceGroup().equals(instanceGroup))
        .map(Instance::name)
        .findFirst()
        .flatMap(plan::nodeConfig);
  }

  private static boolean associatePublicIp(AwsCluster c, InstanceGroupSpec spec) {
    Object v = spec.extra().get("associatePublicIp");
    if (v != null) {
      return Boolean.parseBoolean(v.toString());
    }
    return spec.subnetsOrEmpty().stream()
        .map(c::subnet)
        .flatMap(Optional::stream)
        .noneMatch(s -> "Private".equals(s.type()));
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static String orElse(String s, String d) {
    return s == null || s.isBlank() ? d : s;
  }
}
