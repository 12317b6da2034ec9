package dev.jkops.cloud.aws;

import dev.jkops.api.InstanceGroup;
import dev.jkops.api.InstanceGroupSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The direct target's load balancers: for each network load balancer {@link LoadBalancerTerraform}
 * writes (the API's, the bastion's), a {@link TargetGroup} and a {@link NetworkLoadBalancer} with
 * its listener, or the API's {@link ClassicLoadBalancer} for class Classic, with the names, ports,
 * subnets and security groups of the Terraform output; and the control-plane and bastion
 * autoscaling groups registering their instances in them (a Classic load balancer is named among
 * the control plane's {@link AutoscalingGroup#targetGroups}, attached by name).
 */
final class LoadBalancerResources {
  private LoadBalancerResources() {}

  /**
   * The Classic API load balancer settings the direct apply does not make ({@link
   * ClassicApiBalancer#UNWRITTEN_FIELDS}: an access log, extra or replacement security groups) are
   * refused before anything is looked up or written: a load balancer behind other security groups
   * than the spec says is not one to make quietly.
   */
  static void refuseUnmadeClassicSettings(AwsCluster c) {
    if (ClassicApiBalancer.of(c).isEmpty()) {
      return;
    }
    List<String> set =
        ClassicApiBalancer.UNWRITTEN_FIELDS.stream()
            .filter(f -> c.apiLoadBalancer().orElseThrow().extra().get(f) != null)
            .map(f -> "spec.api.loadBalancer." + f)
            .toList();
    if (!set.isEmpty()) {
      throw new AwsException(
          "cluster "
              + c.name()
              + " sets "
              + String.join(", ", set)
              + ", which jkops does not apply to the API's Classic load balancer; remove "
              + (set.size() == 1 ? "it" : "them")
              + " ('jkops edit cluster "
              + c.name()
              + "') or make that load balancer outside jkops");
    }
  }

  /** {@code resources} (the cluster's, from {@link AwsResources}) with the load balancers added. */
  static List<AwsResource> with(AwsCluster c, List<AwsResource> resources) {
    refuseUnmadeClassicSettings(c);
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
    // The API's Classic load balancer (kops' default class): the control plane registers in it
    // by name (Auto Scaling's LoadBalancerNames) rather than through a target group.
    ClassicApiBalancer.of(c)
        .ifPresent(
            b -> {
              String name = c.named("api");
              ClassicLoadBalancer elb =
                  ClassicLoadBalancer.of(
                      b,
                      name,
                      LoadBalancerTerraform.subnets(c, b.internal()).stream()
                          .map(s -> subnetRef(resources, c.named(s.name())))
                          .toList(),
                      SecurityGroup.idOf(c.named(SecurityResources.API_ELB)),
                      Tags.owned(c.name(), name));
              added.add(elb);
              targetGroupOfPrefix.put("api", Ref.to(elb.id()));
            });
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
