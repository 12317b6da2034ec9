package dev.jkops.cloud.aws;

import dev.jkops.model.NetworkPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The instance roles, their inline policies and instance profiles: {@code masters.<cluster>},
 * {@code nodes.<cluster>} and, with a bastion, {@code bastions.<cluster>}. The networking
 * provider's IAM actions (kubenet's route calls, calico's source/dest check) come from the model.
 */
final class IamResources {
  static final String ASSUME_ROLE_POLICY = """
      {
        "Statement": [
          {
            "Action": "sts:AssumeRole",
            "Effect": "Allow",
            "Principal": {
              "Service": "ec2.amazonaws.com"
            }
          }
        ],
        "Version": "2012-10-17"
      }
      """;

  /** What every master and node needs before networking adds its own (kops' minimal grants). */
  static final List<String> BASE_ACTIONS = List.of(
      "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
      "ec2:DescribeInstances", "ec2:DescribeRegions", "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups",
      "ec2:DescribeSubnets", "ec2:DescribeVpcs");

  private IamResources() {}

  /** The role prefix of an instance group's role: {@code masters}, {@code nodes} or {@code bastions}. */
  static String rolePrefix(dev.jkops.api.InstanceGroupSpec spec) {
    return spec.isControlPlane() ? "masters" : spec.isBastion() ? "bastions" : "nodes";
  }

  static List<AwsResource> build(AwsCluster c, NetworkPlan plan) {
    List<AwsResource> out = new ArrayList<>();
    List<String> prefixes = new ArrayList<>(List.of("masters", "nodes"));
    if (c.hasBastion()) {
      prefixes.add("bastions");
    }
    for (String prefix : prefixes) {
      String name = c.named(prefix);
      IamRole role = new IamRole(name, ASSUME_ROLE_POLICY, Tags.owned(c.name(), name));
      out.add(role);
      // Today's kops gives nodes an inline policy only when their networking calls AWS (calico's
      // source/dest check, kubenet's routes): the cloud controller runs on the masters.
      if ("masters".equals(prefix) || ("nodes".equals(prefix) && !plan.iamActions().isEmpty())) {
        TreeSet<String> actions = new TreeSet<>(BASE_ACTIONS);
        actions.addAll(plan.iamActions());
        out.add(new IamRolePolicy(name, role.id(), policy(actions)));
      }
      out.add(new IamInstanceProfile(name, role.id(), Tags.owned(c.name(), name)));
    }
    return out;
  }

  /** One statement allowing {@code actions} on every resource, formatted as kops formats policies. */
  static String policy(TreeSet<String> actions) {
    StringBuilder sb = new StringBuilder("{\n  \"Statement\": [\n    {\n      \"Action\": [\n");
    int i = 0;
    for (String a : actions) {
      sb.append("        \"").append(a).append('"').append(++i < actions.size() ? ",\n" : "\n");
    }
    return sb.append("      ],\n      \"Effect\": \"Allow\",\n      \"Resource\": \"*\"\n    }\n  ],\n")
        .append("  \"Version\": \"2012-10-17\"\n}\n").toString();
  }
}
