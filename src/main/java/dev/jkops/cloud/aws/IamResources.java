package dev.jkops.cloud.aws;

import dev.jkops.model.NetworkPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The instance roles, their inline policies and instance profiles: {@code masters.<cluster>},
 * {@code nodes.<cluster>} and, with a bastion, {@code bastions.<cluster>}. The networking
 * provider's IAM actions (kubenet's route calls, calico's source/dest check) come from the model.
 */
final class IamResources {
  static final String ASSUME_ROLE_POLICY =
      """
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

  private IamResources() {}

  /**
   * The role prefix of an instance group's role: {@code masters}, {@code nodes} or {@code
   * bastions}.
   */
  static String rolePrefix(dev.jkops.api.InstanceGroupSpec spec) {
    return spec.isControlPlane() ? "masters" : spec.isBastion() ? "bastions" : "nodes";
  }

  static List<AwsResource> build(AwsCluster c, NetworkPlan plan) {
    return build(c, plan, IamPolicyScope.of(c));
  }

  static List<AwsResource> build(AwsCluster c, NetworkPlan plan, IamPolicyScope scope) {
    List<AwsResource> out = new ArrayList<>();
    List<String> prefixes = new ArrayList<>(List.of("masters", "nodes"));
    if (c.hasBastion()) {
      prefixes.add("bastions");
    }
    for (String prefix : prefixes) {
      String name = c.named(prefix);
      IamRole role = new IamRole(name, ASSUME_ROLE_POLICY, Tags.owned(c.name(), name));
      out.add(role);
      if ("masters".equals(prefix)) {
        out.add(new IamRolePolicy(name, role.id(), IamPolicies.controlPlane(c, plan, scope)));
      } else if ("nodes".equals(prefix)) {
        IamPolicies.nodes(c, plan)
            .ifPresent(doc -> out.add(new IamRolePolicy(name, role.id(), doc)));
      }
      out.add(new IamInstanceProfile(name, role.id(), Tags.owned(c.name(), name)));
    }
    return out;
  }
}
