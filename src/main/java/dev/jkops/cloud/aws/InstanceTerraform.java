package dev.jkops.cloud.aws;

import dev.jkops.api.InstanceGroup;
import dev.jkops.cloud.terraform.TfBlock;
import dev.jkops.cloud.terraform.TfExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Terraform attributes of the instance side (IAM, launch templates, autoscaling groups), with
 * policies and user data written as data files beside the configuration, as kops does.
 */
final class InstanceTerraform {
  private InstanceTerraform() {}

  /** What kops asks Auto Scaling to report, every minute. */
  static final List<String> ENABLED_METRICS =
      List.of(
          "GroupDesiredCapacity",
          "GroupInServiceInstances",
          "GroupMaxSize",
          "GroupMinSize",
          "GroupPendingInstances",
          "GroupStandbyInstances",
          "GroupTerminatingInstances",
          "GroupTotalInstances");

  static void role(IamRole role, Map<String, Object> a, Map<String, String> dataFiles) {
    String file = "aws_iam_role_" + role.name() + "_policy";
    dataFiles.put(file, role.assumeRolePolicy());
    a.put("assume_role_policy", TfExpr.file(file));
    a.put("name", role.name());
  }

  static void rolePolicy(IamRolePolicy p, Map<String, Object> a, Map<String, String> dataFiles) {
    String file = "aws_iam_role_policy_" + p.name() + "_policy";
    dataFiles.put(file, p.policyDocument());
    a.put("name", p.name());
    a.put("policy", TfExpr.file(file));
    a.put("role", AwsTerraform.ref(p.role(), "name"));
  }

  static void instanceProfile(IamInstanceProfile ip, Map<String, Object> a) {
    a.put("name", ip.name());
    a.put("role", AwsTerraform.ref(ip.role(), "name"));
  }

  static void launchTemplate(
      AwsCluster c,
      LaunchTemplate lt,
      java.util.Optional<Object> keyName,
      Map<String, Object> a,
      Map<String, String> dataFiles) {
    launchTemplate(
        lt, InstanceSettings.of(group(c, lt.instanceGroup())), lt.settings().ipv6(), a, dataFiles);
    keyName.ifPresent(k -> a.put("key_name", k));
  }

  static void autoscalingGroup(AwsCluster c, AutoscalingGroup g, Map<String, Object> a) {
    InstanceGroup ig = group(c, g.instanceGroup());
    autoscalingGroup(
        g,
        InstanceSettings.of(ig),
        LoadBalancerTerraform.targetGroupsOf(c, ig.spec()),
        LoadBalancerTerraform.loadBalancersOf(c, ig.spec()),
        a);
  }

  private static InstanceGroup group(AwsCluster c, String name) {
    return c.instanceGroups().stream()
        .filter(ig -> ig.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException("no instance group " + name + " in cluster " + c.name()));
  }

  /**
   * @param ipv6 an IPv6 cluster's instance (kops): one IPv6 address on its interface, and the
   *     instance metadata service reachable over IPv6 too (IPv6-only subnets have no IPv4 path to
   *     it)
   */
  private static void launchTemplate(
      LaunchTemplate lt,
      InstanceSettings s,
      boolean ipv6,
      Map<String, Object> a,
      Map<String, String> dataFiles) {
    String file = "aws_launch_template_" + lt.name() + "_user_data";
    dataFiles.put(file, lt.userData());
    InstanceSettings.RootVolume root = s.rootVolume();
    Map<String, Object> ebs = new TreeMap<>();
    ebs.put("delete_on_termination", true);
    ebs.put("encrypted", root.encrypted());
    root.iops().ifPresent(i -> ebs.put("iops", i));
    root.throughput().ifPresent(t -> ebs.put("throughput", t));
    ebs.put("volume_size", root.sizeGb());
    ebs.put("volume_type", root.type());
    a.put(
        "block_device_mappings",
        TfBlock.of(Map.of("device_name", InstanceSettings.ROOT_DEVICE, "ebs", TfBlock.of(ebs))));
    a.put("monitoring", TfBlock.of(Map.of("enabled", s.detailedMonitoring())));
    a.put(
        "iam_instance_profile",
        TfBlock.of(Map.of("name", AwsTerraform.ref(lt.instanceProfile(), "id"))));
    a.put("image_id", lt.image());
    a.put("instance_type", lt.machineType());
    a.put("lifecycle", TfBlock.of(Map.of("create_before_destroy", true)));
    a.put(
        "metadata_options",
        TfBlock.of(
            Map.of(
                "http_endpoint",
                "enabled",
                "http_protocol_ipv6",
                ipv6 ? "enabled" : "disabled",
                "http_put_response_hop_limit",
                s.hopLimit(),
                "http_tokens",
                s.httpTokens())));
    a.put("name", lt.name());
    List<Object> groups = new ArrayList<>();
    lt.securityGroups().forEach(g -> groups.add(AwsTerraform.ref(g, "id")));
    a.put(
        "network_interfaces",
        TfBlock.of(
            Map.of(
                "associate_public_ip_address",
                lt.associatePublicIp(),
                "delete_on_termination",
                true,
                "ipv6_address_count",
                ipv6 ? 1 : 0,
                "security_groups",
                groups)));
    List<TfBlock> specs = new ArrayList<>();
    for (String type : List.of("instance", "volume", "network-interface")) {
      specs.add(TfBlock.of(Map.of("resource_type", type, "tags", lt.tags())));
    }
    a.put("tag_specifications", specs);
    a.put("user_data", TfExpr.fileBase64(file));
  }

  /**
   * @param loadBalancers the Classic load balancers its instances register in (kops' {@code
   *     load_balancers}: the API's for the control plane)
   */
  private static void autoscalingGroup(
      AutoscalingGroup g,
      InstanceSettings s,
      List<Object> targetGroups,
      List<Object> loadBalancers,
      Map<String, Object> a) {
    a.put("enabled_metrics", ENABLED_METRICS);
    if (!loadBalancers.isEmpty()) {
      a.put("load_balancers", loadBalancers);
    }
    a.put("max_instance_lifetime", s.maxInstanceLifetimeSeconds());
    a.put("metrics_granularity", "1Minute");
    if (!targetGroups.isEmpty()) {
      a.put("target_group_arns", targetGroups);
    }
    a.put(
        "launch_template",
        TfBlock.of(
            Map.of(
                "id",
                AwsTerraform.ref(g.launchTemplate(), "id"),
                "version",
                AwsTerraform.ref(g.launchTemplate(), "latest_version"))));
    a.put("max_size", g.maxSize());
    a.put("min_size", g.minSize());
    a.put("name", g.name());
    a.put("protect_from_scale_in", false);
    List<TfBlock> tags = new ArrayList<>();
    g.tags()
        .forEach(
            (k, v) ->
                tags.add(TfBlock.of(Map.of("key", k, "propagate_at_launch", true, "value", v))));
    a.put("tag", tags);
    List<Object> subnets = new ArrayList<>();
    g.subnets().forEach(subnet -> subnets.add(AwsTerraform.ref(subnet)));
    a.put("vpc_zone_identifier", subnets);
  }
}
