package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.api.ClusterBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The instance roles' trust policies and inline policies against kops HEAD's own files, parsed as
 * JSON and compared whole (statement order, actions, conditions, resources). kops' test harness
 * runs in the fake region us-test-1 (partition {@code aws-test}), with a memfs state store that it
 * maps to two placeholder buckets and a fake hosted zone; the test feeds jkops the same scope
 * through {@link IamPolicyScope}, the input a real cluster derives from its configBase, region and
 * dnsZone. Nothing is left out: every statement kops writes for these cases is compared.
 */
class IamPolicyParityTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static IamPolicyScope kopsTestScope(ClusterBundle bundle) {
    return new IamPolicyScope(
        "aws-test",
        Optional.of("placeholder-read-bucket"),
        Optional.of("placeholder-write-bucket"),
        "clusters.example.com/" + bundle.name(),
        Optional.of("Z1AFAKE1ZON3YO"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "minimal-aws@HEAD",
        "privatecalico@HEAD",
        "privateflannel@HEAD",
        "privatekindnet@HEAD",
        "minimal-ipv6-calico@HEAD",
        "minimal-ipv6-cilium@HEAD"
      })
  void policiesMatchKops(String caseName) throws Exception {
    ClusterBundle bundle = AwsCases.bundle(caseName);
    List<AwsResource> ours =
        IamResources.build(AwsCluster.of(bundle), AwsCases.plan(bundle), kopsTestScope(bundle));
    Path data = AwsCases.caseDir(caseName).resolve("data");
    int compared = 0;
    for (String role : List.of("masters", "nodes", "bastions")) {
      String name = role + "." + bundle.name();
      Path trust = data.resolve("aws_iam_role_" + name + "_policy");
      Optional<IamRole> ourRole =
          ours.stream()
              .filter(r -> r instanceof IamRole x && x.name().equals(name))
              .map(IamRole.class::cast)
              .findFirst();
      assertThat(ourRole.isPresent())
          .as("%s role exists in jkops as in kops", name)
          .isEqualTo(Files.exists(trust));
      if (ourRole.isPresent()) {
        assertThat(JSON.readTree(ourRole.get().assumeRolePolicy()))
            .as(name + " trust")
            .isEqualTo(read(trust));
        compared++;
      }
      Path inline = data.resolve("aws_iam_role_policy_" + name + "_policy");
      Optional<IamRolePolicy> ourPolicy =
          ours.stream()
              .filter(r -> r instanceof IamRolePolicy x && x.name().equals(name))
              .map(IamRolePolicy.class::cast)
              .findFirst();
      assertThat(ourPolicy.isPresent())
          .as("%s inline policy exists in jkops as in kops", name)
          .isEqualTo(Files.exists(inline));
      if (ourPolicy.isPresent()) {
        JsonNode got = JSON.readTree(ourPolicy.get().policyDocument());
        JsonNode want = read(inline);
        for (int i = 0;
            i < Math.max(got.path("Statement").size(), want.path("Statement").size());
            i++) {
          assertThat(got.path("Statement").path(i))
              .as("%s statement %d", name, i)
              .isEqualTo(want.path("Statement").path(i));
        }
        assertThat(got).as(name + " policy").isEqualTo(want);
        compared++;
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(3);
    System.out.printf("iam parity %-22s %d documents identical to kops%n", caseName, compared);
  }

  private static JsonNode read(Path p) throws Exception {
    return JSON.readTree(Files.readString(p));
  }

  @Test
  void aRealClustersScopeComesFromItsSpec() {
    ClusterBundle bundle = AwsCases.bundle("privatecalico@HEAD");
    var spec = bundle.cluster().spec().toBuilder();
    spec.extra = new java.util.LinkedHashMap<>(spec.extra);
    spec.extra.put("configBase", "s3://my-state/clusters/" + bundle.name());
    spec.extra.put("dnsZone", "Z0123ABC");
    var cluster = bundle.cluster();
    AwsCluster c =
        AwsCluster.of(
            new ClusterBundle(
                new dev.jkops.api.Cluster(
                    cluster.apiVersion(),
                    cluster.kind(),
                    cluster.metadata(),
                    spec.build(),
                    cluster.extra()),
                bundle.instanceGroups()));
    IamPolicyScope scope = IamPolicyScope.of(c);
    assertThat(scope.buckets()).containsExactly("my-state");
    String doc = IamPolicies.controlPlane(c, AwsCases.plan(bundle), scope);
    assertThat(doc)
        .contains("\"arn:aws:s3:::my-state/clusters/privatecalico.example.com/*\"")
        .contains(
            "\"arn:aws:s3:::my-state/clusters/privatecalico.example.com/backups/etcd/events/*\"")
        .contains("\"arn:aws:route53:::hostedzone/Z0123ABC\"")
        .doesNotContain("aws-test");
    assertThat(IamPolicyScope.partitionOf("cn-north-1")).isEqualTo("aws-cn");
    assertThat(IamPolicyScope.partitionOf("us-gov-west-1")).isEqualTo("aws-us-gov");
  }

  @Test
  void aClusterWithoutDnsGetsNoRoute53Grant() {
    ClusterBundle bundle = AwsCases.bundle("minimal-aws@HEAD");
    var spec = bundle.cluster().spec().toBuilder();
    spec.topology =
        new dev.jkops.api.Topology(new dev.jkops.api.Topology.Dns("None"), null, null, null, null);
    var cluster = bundle.cluster();
    AwsCluster c =
        AwsCluster.of(
            new ClusterBundle(
                new dev.jkops.api.Cluster(
                    cluster.apiVersion(),
                    cluster.kind(),
                    cluster.metadata(),
                    spec.build(),
                    cluster.extra()),
                bundle.instanceGroups()));
    assertThat(IamPolicies.controlPlane(c, AwsCases.plan(bundle), kopsTestScope(bundle)))
        .doesNotContain("route53:")
        .contains("ec2:AttachVolume");
    assertThat(
            IamPolicies.controlPlane(
                AwsCluster.of(bundle), AwsCases.plan(bundle), kopsTestScope(bundle)))
        .contains("route53:ChangeResourceRecordSets");
  }

  @Test
  void networkingDecidesTheSourceDestCheckGrant() {
    ClusterBundle calico = AwsCases.bundle("privatecalico@HEAD");
    ClusterBundle flannel = AwsCases.bundle("privateflannel@HEAD");
    assertThat(
            IamPolicies.controlPlane(
                AwsCluster.of(calico), AwsCases.plan(calico), kopsTestScope(calico)))
        .contains("ec2:ModifyNetworkInterfaceAttribute");
    assertThat(
            IamPolicies.controlPlane(
                AwsCluster.of(flannel), AwsCases.plan(flannel), kopsTestScope(flannel)))
        .doesNotContain("ec2:ModifyNetworkInterfaceAttribute");
    assertThat(IamPolicies.nodes(AwsCluster.of(flannel), AwsCases.plan(flannel))).isEmpty();
  }

  /**
   * kubenet's routes are written by kube-controller-manager's route controller on the control
   * plane: kops grants ec2:CreateRoute and ec2:DeleteRoute to the masters, on the cluster's tag,
   * and nothing of it to the nodes.
   */
  @Test
  void kubenetsRouteWritesGoToTheControlPlaneOnlyOnTheClustersTag() throws Exception {
    ClusterBundle bundle = AwsCases.bundle("minimal-aws@HEAD");
    var spec = bundle.cluster().spec().toBuilder();
    spec.networking = new dev.jkops.api.NetworkingSpec.Kubenet(java.util.Map.of());
    var cluster = bundle.cluster();
    ClusterBundle kubenet =
        new ClusterBundle(
            new dev.jkops.api.Cluster(
                cluster.apiVersion(),
                cluster.kind(),
                cluster.metadata(),
                spec.build(),
                cluster.extra()),
            bundle.instanceGroups());
    AwsCluster c = AwsCluster.of(kubenet);
    var plan = AwsCases.plan(kubenet);
    assertThat(plan.iamActions()).contains("ec2:CreateRoute", "ec2:DeleteRoute");

    JsonNode masters = JSON.readTree(IamPolicies.controlPlane(c, plan, kopsTestScope(kubenet)));
    List<String> tagged = new java.util.ArrayList<>();
    List<String> untagged = new java.util.ArrayList<>();
    for (JsonNode st : masters.path("Statement")) {
      List<String> actions = new java.util.ArrayList<>();
      (st.path("Action").isArray()
              ? st.path("Action")
              : JSON.createArrayNode().add(st.path("Action")))
          .forEach(a -> actions.add(a.asText()));
      if (st.path("Condition")
              .path("StringEquals")
              .path("aws:ResourceTag/KubernetesCluster")
              .asText()
              .equals(kubenet.name())
          && st.path("Condition").size() == 1
          && st.path("Condition").path("StringEquals").size() == 1) {
        tagged.addAll(actions);
      } else {
        untagged.addAll(actions);
      }
    }
    assertThat(tagged)
        .contains("ec2:CreateRoute", "ec2:DeleteRoute", "ec2:ModifyInstanceAttribute")
        .doesNotHaveDuplicates();
    assertThat(untagged)
        .contains("ec2:DescribeRouteTables")
        .doesNotContain("ec2:CreateRoute", "ec2:DeleteRoute", "ec2:ModifyInstanceAttribute");

    assertThat(IamPolicies.nodes(c, plan).orElse("")).doesNotContain("ec2:");
  }

  /** The queue reads come with the queue: no node-termination-handler queue, no SQS grant. */
  @Test
  void sqsReadsOnlyWhenTheTerminationHandlerHasItsQueue() {
    ClusterBundle bundle = AwsCases.bundle("minimal-aws@HEAD");
    var spec = bundle.cluster().spec().toBuilder();
    spec.extra = new java.util.LinkedHashMap<>(spec.extra);
    spec.extra.put(
        "nodeTerminationHandler",
        java.util.Map.of("enabled", true, "enableSQSTerminationDraining", false));
    var cluster = bundle.cluster();
    ClusterBundle noQueue =
        new ClusterBundle(
            new dev.jkops.api.Cluster(
                cluster.apiVersion(),
                cluster.kind(),
                cluster.metadata(),
                spec.build(),
                cluster.extra()),
            bundle.instanceGroups());
    assertThat(
            IamPolicies.controlPlane(
                AwsCluster.of(noQueue), AwsCases.plan(noQueue), kopsTestScope(noQueue)))
        .doesNotContain("sqs:")
        .contains("autoscaling:DescribeAutoScalingGroups");
    assertThat(
            IamPolicies.controlPlane(
                AwsCluster.of(bundle), AwsCases.plan(bundle), kopsTestScope(bundle)))
        .contains("\"sqs:DeleteMessage\"", "\"sqs:ReceiveMessage\"");
  }
}
