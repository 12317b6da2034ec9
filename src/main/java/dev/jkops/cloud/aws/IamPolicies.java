package dev.jkops.cloud.aws;

import dev.jkops.model.NetworkPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The inline policies of the control plane and node roles, statement by statement as kops HEAD
 * grants them: what the cloud controller, the EBS CSI driver, dns-controller, etcd's backups and
 * the node-termination-handler call, each write scoped by the cluster's {@code KubernetesCluster}
 * tag. The networking provider's own calls (calico's source/dest check, kubenet's routes) come from
 * the plan, and ECR pulls from {@code spec.iam.allowContainerRegistry}.
 */
final class IamPolicies {
  private IamPolicies() {}

  /**
   * Read-only calls the control plane makes on any resource (cloud controller, CSI, autoscaler,
   * NTH).
   */
  static final List<String> CONTROL_PLANE_READS =
      List.of(
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities",
          "autoscaling:DescribeTags",
          "ec2:DescribeAvailabilityZones",
          "ec2:DescribeImages",
          "ec2:DescribeInstanceTopology",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeInstances",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:DescribeRegions",
          "ec2:DescribeRouteTables",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeSubnets",
          "ec2:DescribeTags",
          "ec2:DescribeVolumeStatus",
          "ec2:DescribeVolumes",
          "ec2:DescribeVolumesModifications",
          "ec2:DescribeVpcs",
          "ec2:GetInstanceTypesFromInstanceRequirements",
          "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeLoadBalancerAttributes",
          "elasticloadbalancing:DescribeLoadBalancerPolicies",
          "elasticloadbalancing:DescribeLoadBalancers",
          "elasticloadbalancing:DescribeTargetGroupAttributes",
          "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetHealth",
          "iam:CreateServiceLinkedRole",
          "kms:DescribeKey",
          // node-termination-handler's queue processor, which runs on the control plane
          "sqs:DeleteMessage",
          "sqs:ReceiveMessage");

  /** The node-termination-handler's queue reads, granted only when it runs in queue mode. */
  static final List<String> NTH_QUEUE_READS = List.of("sqs:DeleteMessage", "sqs:ReceiveMessage");

  /** Calls the control plane may make only on resources tagged with the cluster's name. */
  static final List<String> CONTROL_PLANE_TAGGED_WRITES =
      List.of(
          "autoscaling:CompleteLifecycleAction",
          "autoscaling:SetDesiredCapacity",
          "autoscaling:TerminateInstanceInAutoScalingGroup",
          "ec2:AttachVolume",
          "ec2:AuthorizeSecurityGroupIngress",
          "ec2:DeleteSecurityGroup",
          "ec2:DeleteVolume",
          "ec2:DetachVolume",
          "ec2:ModifyInstanceAttribute",
          "ec2:ModifyVolume",
          "ec2:RevokeSecurityGroupIngress",
          "elasticloadbalancing:AddTags",
          "elasticloadbalancing:ApplySecurityGroupsToLoadBalancer",
          "elasticloadbalancing:AttachLoadBalancerToSubnets",
          "elasticloadbalancing:ConfigureHealthCheck",
          "elasticloadbalancing:CreateLoadBalancerListeners",
          "elasticloadbalancing:CreateLoadBalancerPolicy",
          "elasticloadbalancing:DeleteListener",
          "elasticloadbalancing:DeleteLoadBalancer",
          "elasticloadbalancing:DeleteLoadBalancerListeners",
          "elasticloadbalancing:DeleteTargetGroup",
          "elasticloadbalancing:DeregisterInstancesFromLoadBalancer",
          "elasticloadbalancing:DeregisterTargets",
          "elasticloadbalancing:DetachLoadBalancerFromSubnets",
          "elasticloadbalancing:ModifyListener",
          "elasticloadbalancing:ModifyLoadBalancerAttributes",
          "elasticloadbalancing:ModifyTargetGroup",
          "elasticloadbalancing:ModifyTargetGroupAttributes",
          "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
          "elasticloadbalancing:RegisterTargets",
          "elasticloadbalancing:SetLoadBalancerPoliciesForBackendServer",
          "elasticloadbalancing:SetLoadBalancerPoliciesOfListener");

  /**
   * Creations the control plane may make only when it tags the new resource with the cluster's
   * name.
   */
  static final List<String> CONTROL_PLANE_TAGGED_CREATES =
      List.of(
          "ec2:CopyVolumes",
          "ec2:CreateSecurityGroup",
          "ec2:CreateVolume",
          "elasticloadbalancing:CreateListener",
          "elasticloadbalancing:CreateLoadBalancer",
          "elasticloadbalancing:CreateTargetGroup");

  /**
   * Pulling images from ECR, granted to every role when {@code spec.iam.allowContainerRegistry} is
   * true.
   */
  static final List<String> ECR_PULLS =
      List.of(
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:DescribeRepositories",
          "ecr:GetAuthorizationToken",
          "ecr:GetDownloadUrlForLayer",
          "ecr:GetRepositoryPolicy",
          "ecr:ListImages");

  /**
   * What the control plane of an IPv6 cluster calls to give each node's interface its IPv6 prefix
   * (kops grants them on any resource).
   */
  static final List<String> IPV6_PREFIX_ACTIONS =
      List.of("ec2:AssignIpv6Addresses", "ec2:DescribeNetworkInterfaces");

  static final List<String> OBJECT_WRITES =
      List.of("s3:DeleteObject", "s3:DeleteObjectVersion", "s3:GetObject", "s3:PutObject");
  static final List<String> BUCKET_READS =
      List.of(
          "s3:GetBucketLocation",
          "s3:GetEncryptionConfiguration",
          "s3:ListBucket",
          "s3:ListBucketVersions");

  static String controlPlane(AwsCluster c, NetworkPlan plan, IamPolicyScope scope) {
    String cluster = c.name();
    List<Map<String, Object>> st = new ArrayList<>();
    // etcd-manager attaches only the control plane's own etcd volumes
    st.add(
        statement(
            "ec2:AttachVolume",
            Map.of(
                "StringEquals",
                sorted(
                    "aws:ResourceTag/KubernetesCluster",
                    cluster,
                    "aws:ResourceTag/k8s.io/role/master",
                    "1")),
            List.of("*")));
    scope
        .readBucket()
        .ifPresent(b -> st.add(statement(List.of("s3:Get*"), null, scope.objects(b, "*"))));
    scope
        .writeBucket()
        .ifPresent(
            b -> {
              for (String etcd : etcdClusters(c)) {
                st.add(
                    statement(
                        OBJECT_WRITES, null, scope.objects(b, "backups/etcd/" + etcd + "/*")));
              }
            });
    for (String bucket : scope.buckets()) {
      st.add(statement(BUCKET_READS, null, List.of(scope.arn("s3", "::" + bucket))));
    }
    if (!gossip(c)) {
      String zone = scope.hostedZoneId().orElse("*");
      st.add(
          statement(
              List.of(
                  "route53:ChangeResourceRecordSets",
                  "route53:GetHostedZone",
                  "route53:ListResourceRecordSets"),
              null,
              List.of(scope.arn("route53", "::hostedzone/" + zone))));
      st.add(
          statement(
              List.of("route53:GetChange"), null, List.of(scope.arn("route53", "::change/*"))));
      st.add(
          statement(
              List.of("route53:ListHostedZones", "route53:ListTagsForResource"),
              null,
              List.of("*")));
    }
    List<String> volumes =
        List.of(scope.arn("ec2", "*:*:snapshot/*"), scope.arn("ec2", "*:*:volume/*"));
    st.add(tagOnCreate(cluster, List.of("CopyVolumes", "CreateVolume"), volumes));
    st.add(retagOwned(cluster, volumes));
    List<String> groups = List.of(scope.arn("ec2", "*:*:security-group/*"));
    st.add(tagOnCreate(cluster, List.of("CreateSecurityGroup"), groups));
    st.add(retagOwned(cluster, groups));
    // encrypted EBS volumes and S3 objects: KMS only through those services
    st.add(
        statement(
            "kms:CreateGrant", Map.of("Bool", Map.of("kms:GrantIsForAWSResource", "true")), "*"));
    st.add(
        statement(
            List.of(
                "kms:Decrypt",
                "kms:DescribeKey",
                "kms:Encrypt",
                "kms:GenerateDataKey*",
                "kms:ReEncrypt*"),
            Map.of(
                "StringLike",
                Map.of(
                    "kms:ViaService",
                    List.of("ec2." + c.region() + ".amazonaws.com", "s3.*.amazonaws.com"))),
            "*"));
    TreeSet<String> reads = new TreeSet<>(CONTROL_PLANE_READS);
    if (!NodeTerminationHandlerTerraform.queueMode(c)) {
      // no queue for the node-termination-handler to read
      reads.removeAll(NTH_QUEUE_READS);
    }
    TreeSet<String> taggedWrites = new TreeSet<>(CONTROL_PLANE_TAGGED_WRITES);
    if (cloudRoutes(plan)) {
      // kube-controller-manager's route controller writes the routes of the cluster's own (tagged)
      // route table and reads any: kops grants the writes only on the cluster's tag
      for (String action : plan.iamActions()) {
        (isRead(action) ? reads : taggedWrites).add(action);
      }
    } else {
      reads.addAll(plan.iamActions());
    }
    if (c.spec().isIpv6Only()) {
      // kops-controller finds each IPv6 node's interface and assigns it the prefix its pods take
      reads.addAll(IPV6_PREFIX_ACTIONS);
    }
    reads.removeAll(CLUSTER_TAGGED_PROVIDER_ACTIONS); // already among the tagged writes below
    if (allowContainerRegistry(c)) {
      reads.addAll(ECR_PULLS);
    }
    st.add(statement(List.copyOf(reads), null, "*"));
    st.add(
        statement(
            List.copyOf(taggedWrites),
            Map.of("StringEquals", Map.of("aws:ResourceTag/" + Tags.KUBERNETES_CLUSTER, cluster)),
            "*"));
    st.add(
        statement(
            CONTROL_PLANE_TAGGED_CREATES,
            Map.of("StringEquals", Map.of("aws:RequestTag/" + Tags.KUBERNETES_CLUSTER, cluster)),
            "*"));
    // a new security group is created in the VPC, which carries no cluster tag of its own
    st.add(statement("ec2:CreateSecurityGroup", null, scope.arn("ec2", "*:*:vpc/*")));
    return document(st);
  }

  /**
   * The nodes' policy, or empty when they call nothing: the cloud controller runs on the control
   * plane, so nodes need only their networking's own calls and, if allowed, ECR pulls.
   */
  static java.util.Optional<String> nodes(AwsCluster c, NetworkPlan plan) {
    TreeSet<String> actions = new TreeSet<>();
    if (!cloudRoutes(plan)) {
      actions.addAll(plan.iamActions());
    }
    if (c.spec().isIpv6Only()) {
      // an IPv6 node assigns its interface the IPv6 prefix its pods take, as kops grants
      actions.add("ec2:AssignIpv6Addresses");
    }
    TreeSet<String> tagged = new TreeSet<>(actions);
    tagged.retainAll(CLUSTER_TAGGED_PROVIDER_ACTIONS);
    actions.removeAll(tagged);
    if (allowContainerRegistry(c)) {
      actions.addAll(ECR_PULLS);
    }
    List<Map<String, Object>> st = new ArrayList<>();
    if (!actions.isEmpty()) {
      // a lone action is written as a string, as kops writes it
      st.add(statement(actions.size() == 1 ? actions.first() : List.copyOf(actions), null, "*"));
    }
    if (!tagged.isEmpty()) {
      st.add(
          statement(
              tagged.size() == 1 ? tagged.first() : List.copyOf(tagged),
              Map.of(
                  "StringEquals", Map.of("aws:ResourceTag/" + Tags.KUBERNETES_CLUSTER, c.name())),
              "*"));
    }
    return st.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(document(st));
  }

  /**
   * True when kube-controller-manager configures cloud routes (kubenet, classic): then the
   * networking's IAM actions are the route controller's, which runs on the control plane only, so
   * nodes get none of them (as kops grants ec2:CreateRoute and ec2:DeleteRoute to masters alone).
   */
  static boolean cloudRoutes(NetworkPlan plan) {
    return plan.controlPlane().configureCloudRoutes();
  }

  private static boolean isRead(String action) {
    String verb = action.substring(action.indexOf(':') + 1);
    return verb.startsWith("Describe") || verb.startsWith("Get") || verb.startsWith("List");
  }

  /**
   * Provider calls kops grants only on the cluster's own instances (kindnet's and kube-router's
   * source/dest check): scoped by the {@code KubernetesCluster} tag, never on any resource.
   */
  static final List<String> CLUSTER_TAGGED_PROVIDER_ACTIONS =
      List.of("ec2:ModifyInstanceAttribute");

  static boolean allowContainerRegistry(AwsCluster c) {
    return c.spec().extra().get("iam") instanceof Map<?, ?> iam
        && Boolean.TRUE.equals(iam.get("allowContainerRegistry"));
  }

  /**
   * A gossip cluster ({@code *.k8s.local}) or one with {@code topology.dns.type: None} has no
   * hosted zone for dns-controller to edit, so it gets no Route 53 grant.
   */
  static boolean gossip(AwsCluster c) {
    var topology = c.spec().topology();
    boolean noDns =
        topology != null
            && topology.dns() != null
            && "None".equalsIgnoreCase(topology.dns().type());
    return noDns || c.name().endsWith(".k8s.local");
  }

  /** The spec's etcd clusters by name; kops' default pair when the spec lists none. */
  static List<String> etcdClusters(AwsCluster c) {
    List<String> names = new ArrayList<>();
    if (c.spec().extra().get("etcdClusters") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m && m.get("name") instanceof String n) {
          names.add(n);
        }
      }
    }
    return names.isEmpty() ? List.of("main", "events") : names;
  }

  private static Map<String, Object> tagOnCreate(
      String cluster, List<String> createActions, List<String> resources) {
    return statement(
        "ec2:CreateTags",
        Map.of(
            "StringEquals",
            sorted(
                "aws:RequestTag/" + Tags.KUBERNETES_CLUSTER,
                cluster,
                "ec2:CreateAction",
                createActions)),
        resources);
  }

  /** Tags may change on the cluster's own resources, but never the cluster tag itself. */
  private static Map<String, Object> retagOwned(String cluster, List<String> resources) {
    Map<String, Object> cond = new TreeMap<>();
    cond.put("Null", Map.of("aws:RequestTag/" + Tags.KUBERNETES_CLUSTER, "true"));
    cond.put("StringEquals", Map.of("aws:ResourceTag/" + Tags.KUBERNETES_CLUSTER, cluster));
    return statement(List.of("ec2:CreateTags", "ec2:DeleteTags"), cond, resources);
  }

  private static Map<String, Object> sorted(Object... kv) {
    Map<String, Object> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** An Allow statement; action and resource are a string or a list, as kops writes each. */
  private static Map<String, Object> statement(
      Object action, Map<String, Object> condition, Object resource) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("Action", action);
    if (condition != null) {
      s.put("Condition", condition);
    }
    s.put("Effect", "Allow");
    s.put("Resource", resource);
    return s;
  }

  static String document(List<Map<String, Object>> statements) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("Statement", statements);
    doc.put("Version", "2012-10-17");
    StringBuilder sb = new StringBuilder();
    write(doc, "", sb);
    return sb.append('\n').toString();
  }

  /** JSON with two-space indents, the layout of kops' policy files. */
  private static void write(Object v, String indent, StringBuilder sb) {
    String inner = indent + "  ";
    if (v instanceof Map<?, ?> m) {
      sb.append("{\n");
      int i = 0;
      for (var e : m.entrySet()) {
        sb.append(inner);
        string(e.getKey().toString(), sb);
        sb.append(": ");
        write(e.getValue(), inner, sb);
        sb.append(++i < m.size() ? ",\n" : "\n");
      }
      sb.append(indent).append('}');
    } else if (v instanceof List<?> l) {
      sb.append("[\n");
      for (int i = 0; i < l.size(); i++) {
        sb.append(inner);
        write(l.get(i), inner, sb);
        sb.append(i + 1 < l.size() ? ",\n" : "\n");
      }
      sb.append(indent).append(']');
    } else {
      string(v.toString(), sb);
    }
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    sb.append('"');
  }
}
