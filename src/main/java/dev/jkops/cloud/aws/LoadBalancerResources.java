package dev.jkops.cloud.aws;

import dev.jkops.api.InstanceGroup;
import dev.jkops.api.InstanceGroupSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The direct target's network load balancers: for each balancer {@link LoadBalancerTerraform}
 * writes (the API's, the bastion's), a {@link TargetGroup} and a {@link NetworkLoadBalancer} with
 * its listener, with the names, ports, subnets and security groups of the Terraform output; and the
 * control-plane and bastion autoscaling groups registering their instances in them.
 */
final class LoadBalancerResources {
  private LoadBalancerResources() {}

  /**
   * The direct apply makes network load balancers only: a Classic API load balancer ({@code
   * spec.api.loadBalancer.class: Classic}, kops' default when no class is named) is refused before
   * anything is looked up or written, and pointed at the two ways that work, rather than leaving a
   * cluster whose API nothing fronts.
   */
  static void refuseClassic(AwsCluster c) {
    if (ClassicApiBalancer.of(c).isPresent()) {
      throw new AwsException(
          "cluster "
              + c.name()
              + "'s API load balancer is Classic (spec.api.loadBalancer.class: Classic, kops'"
              + " default when the spec names no class); jkops does not make Classic load balancers"
              + " on AWS directly. Set spec.api.loadBalancer.class: Network ('jkops edit cluster "
              + c.name()
              + "'), or run 'jkops update cluster "
              + c.name()
              + " --target terraform', which writes the Classic load balancer for terraform to"
              + " apply");
    }
  }

  /** {@code resources} (the cluster's, from {@link AwsResources}) with the load balancers added. */
  static List<AwsResource> with(AwsCluster c, List<AwsResource> resources) {
    refuseClassic(c);
    Ref vpc =
        resources.stream()
            .filter(r -> r instanceof Vpc)
            .map(r -> ((Vpc) r).ref())
            .findFirst()
            .orElseThrow();
    List<AwsResource> added = new ArrayList<>();
    Map<String, Ref> targetGroupOfPrefix = new HashMap<>();
    for (LoadBalancerTerraform.Balancer b : LoadBalancerTerraform.balancers(c)) {
      String groupName = LoadBalancerTerraform.targetGroupName(c, b);
      TargetGroup group =
          new TargetGroup(
              groupName,
              vpc,
              b.port(),
              "TCP",
              TargetGroup.HealthCheck.KOPS,
              30,
              true,
              Tags.owned(c.name(), groupName));
      added.add(group);
      targetGroupOfPrefix.put(b.prefix(), group.ref());
      String name = c.named(b.prefix());
      added.add(
          new NetworkLoadBalancer(
              name,
              LoadBalancerTerraform.truncate(b.prefix() + "-" + AwsCluster.tfSanitize(c.name())),
              b.internal(),
              c.spec().isIpv6Only() ? "dualstack" : "ipv4",
              LoadBalancerTerraform.subnets(c, b.internal()).stream()
                  .map(s -> subnetRef(resources, c.named(s.name())))
                  .toList(),
              List.of(SecurityGroup.idOf(c.named(b.securityGroup()))),
              List.of(new NetworkLoadBalancer.Listener(b.port(), "TCP", group.ref())),
              Tags.owned(c.name(), name)));
    }
    Map<String, InstanceGroupSpec> specOfGroup = new HashMap<>();
    for (InstanceGroup ig : c.instanceGroups()) {
      specOfGroup.put(ig.name(), ig.spec());
    }
    List<AwsResource> out = new ArrayList<>();
    for (AwsResource r : resources) {
      if (r instanceof AutoscalingGroup g && specOfGroup.containsKey(g.instanceGroup())) {
        InstanceGroupSpec spec = specOfGroup.get(g.instanceGroup());
        // As LoadBalancerTerraform.targetGroupsOf: the control plane in the API's, bastions in
        // the bastion's.
        String prefix = spec.isControlPlane() ? "api" : spec.isBastion() ? "bastion" : "";
        Ref group = targetGroupOfPrefix.get(prefix);
        out.add(group == null ? g : g.withTargetGroups(List.of(group)));
      } else {
        out.add(r);
      }
    }
    out.addAll(added);
    return List.copyOf(out);
  }

  private static Ref subnetRef(List<AwsResource> resources, String name) {
    return resources.stream()
        .filter(r -> r instanceof Subnet s && s.name().equals(name))
        .map(r -> ((Subnet) r).ref())
        .findFirst()
        .orElseThrow(
            () ->
                new AwsException(
                    "load balancer subnet " + name + " is not among the cluster's subnets"));
  }
}
