package dev.jkops.cloud.aws;

import dev.jkops.tasks.Resource;
import java.util.Map;
import java.util.SortedMap;

/**
 * A resource of a cluster on AWS. Each kind is a record holding what jkops wants of it; the same
 * record describes what was found live, so the engine compares them field by field.
 */
public sealed interface AwsResource extends Resource
    permits Vpc,
        DhcpOptions,
        VpcDhcpOptionsAssociation,
        InternetGateway,
        EgressOnlyInternetGateway,
        Subnet,
        RouteTable,
        RouteTableAssociation,
        Route,
        ElasticIp,
        NatGateway,
        SecurityGroup,
        SecurityGroupRule,
        IamRole,
        IamRolePolicy,
        IamInstanceProfile,
        LaunchTemplate,
        AutoscalingGroup,
        EtcdVolume,
        KeyPair,
        NetworkLoadBalancer,
        ClassicLoadBalancer,
        TargetGroup,
        SqsQueue,
        SqsQueuePolicy,
        EventRule,
        EventTarget,
        LifecycleHook,
        DnsRecord {

  /** The resource's tags (empty for kinds AWS does not tag). */
  default SortedMap<String, String> tags() {
    return java.util.Collections.emptySortedMap();
  }

  /**
   * True for a resource the cluster uses but does not own (an existing VPC, its gateways, an
   * existing subnet): found, never created, changed or deleted; as kops, only an existing subnet is
   * tagged ({@code shared}).
   */
  default boolean shared() {
    return false;
  }

  /** Adds the tags to a dry-run attribute map as one field. */
  static void putTags(Map<String, String> attrs, Map<String, String> tags) {
    if (!tags.isEmpty()) {
      attrs.put("Tags", Tags.display(tags));
    }
  }
}
