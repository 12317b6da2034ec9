package dev.jkops.cloud.aws;

import static dev.jkops.testing.TerraformJson.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.cloud.aws.fake.FakeClassicElb;
import dev.jkops.cloud.aws.fake.FakeRoute53;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.DryRun;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The direct apply makes kops' Classic API load balancer (kops 1.27's privateweave names no class,
 * so its API load balancer is Classic) as kops' own Terraform for the case describes it: the {@code
 * aws_elb} block of kops' golden {@code kubernetes.tf.json} (not jkops' output) is compared with
 * what the in-process Classic ELB fake holds after the apply, as are the control-plane groups'
 * {@code load_balancers} and the API's Route 53 aliases. Then: a second run changes nothing, a run
 * cut short is completed by the next, and delete cluster takes it all away in AWS' order.
 */
class AwsClassicLoadBalancerApplyTest {
  static final String CASE = "privateweave@v1.27.0";
  static final String CLUSTER = "privateweave.example.com";

  final FakeAws aws = new FakeAws();
  final AwsClusterResources cloud =
      new AwsClusterResources(aws.clients(), new AwsRetry(8, 1, 8, ms -> {}));
  final ClusterBundle bundle = AwsCases.bundle(CASE);

  Plan<AwsResource> apply(ClusterBundle b) {
    return cloud.apply(
        b, cloud.networkPlan(b, IpamState.empty()), Optional.empty(), ProgressListener.NONE);
  }

  Plan<AwsResource> plan(ClusterBundle b) {
    return cloud.plan(b, cloud.networkPlan(b, IpamState.empty()), Optional.empty());
  }

  static JsonNode kopsElb() throws Exception {
    JsonNode elbs =
        new ObjectMapper().readTree(AwsCases.expectedJson(CASE)).path("resource").path("aws_elb");
    assertThat(elbs.size()).isEqualTo(1);
    return at(elbs.elements().next());
  }

  static String refName(JsonNode ref) {
    String s = ref.asText();
    return s.substring(s.indexOf('.') + 1, s.lastIndexOf('.'));
  }

  String tagName(List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
    return tags.stream().filter(t -> t.key().equals("Name")).findFirst().orElseThrow().value();
  }

  FakeClassicElb.State only() {
    assertThat(aws.classicElb.loadBalancers).hasSize(1);
    return aws.classicElb.loadBalancers.values().iterator().next();
  }

  /** What kops' Terraform block says, in the fake's terms. */
  void assertMatchesKops(FakeClassicElb.State lb) throws Exception {
    JsonNode want = kopsElb();
    assertThat(lb.description.name()).isEqualTo(at(want, "name").asText());
    assertThat(lb.description.scheme())
        .isEqualTo(want.path("internal").asBoolean(false) ? "internal" : "internet-facing");
    JsonNode l = at(want, "listener");
    assertThat(lb.description.listeners())
        .containsExactly(
            new ClassicElb.Listener(
                at(l, "lb_protocol").asText(),
                at(l, "lb_port").asInt(),
                at(l, "instance_protocol").asText(),
                at(l, "instance_port").asInt(),
                Optional.empty()));
    JsonNode h = at(want, "health_check");
    assertThat(lb.description.healthCheck())
        .isEqualTo(
            new ClassicElb.HealthCheck(
                at(h, "target").asText(),
                at(h, "interval").asInt(),
                at(h, "timeout").asInt(),
                at(h, "healthy_threshold").asInt(),
                at(h, "unhealthy_threshold").asInt()));
    assertThat(lb.attributes)
        .isEqualTo(
            new ClassicElb.Attributes(
                at(want, "connection_draining").asBoolean(),
                at(want, "connection_draining_timeout").asInt(),
                at(want, "idle_timeout").asInt(),
                at(want, "cross_zone_load_balancing").asBoolean()));
    Map<String, String> tags = new TreeMap<>();
    at(want, "tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    assertThat(lb.tags).isEqualTo(tags);
    List<String> subnets = new ArrayList<>();
    at(want, "subnets").forEach(s -> subnets.add(refName(s)));
    assertThat(
            lb.description.subnets().stream()
                .map(id -> AwsCluster.tfSanitize(tagName(aws.ec2.subnets().get(id).tags()))))
        .containsExactlyInAnyOrderElementsOf(subnets);
    List<String> groups = new ArrayList<>();
    at(want, "security_groups").forEach(g -> groups.add(refName(g)));
    assertThat(
            lb.description.securityGroups().stream()
                .map(id -> AwsCluster.tfSanitize(aws.ec2.securityGroups().get(id).groupName())))
        .containsExactlyInAnyOrderElementsOf(groups);
  }

  @Test
  void makesKopsClassicLoadBalancerRegistersTheControlPlaneAndAliasesTheApi() throws Exception {
    apply(bundle);
    FakeClassicElb.State lb = only();
    assertMatchesKops(lb);

    // kops' load_balancers: the control plane's groups register in it by name, nobody else.
    JsonNode groups =
        new ObjectMapper()
            .readTree(AwsCases.expectedJson(CASE))
            .path("resource")
            .path("aws_autoscaling_group");
    int registered = 0;
    for (var it = groups.fields(); it.hasNext(); ) {
      JsonNode want = at(it.next().getValue());
      AutoScalingGroup g = aws.autoscaling.groups.get(at(want, "name").asText());
      assertThat(g).as(at(want, "name").asText()).isNotNull();
      List<String> names = new ArrayList<>();
      want.path("load_balancers").forEach(n -> names.add(refName(n)));
      assertThat(
              names.stream()
                  .map(n -> n.equals("api-privateweave-example-com") ? lb.description.name() : n))
          .as("load balancers of " + g.autoScalingGroupName())
          .containsExactlyElementsOf(g.loadBalancerNames());
      registered += g.loadBalancerNames().size();
    }
    assertThat(registered).as("the control plane's group").isEqualTo(1);

    // The API's aliases point at the load balancer's DNS name and canonical zone, as AWS says them.
    var zone = aws.route53.records.get(FakeRoute53.KOPS_TEST_ZONE);
    for (String type : List.of("A", "AAAA")) {
      ResourceRecordSet s = zone.get("api." + CLUSTER + ". " + type);
      assertThat(s).as(type).isNotNull();
      assertThat(s.aliasTarget().dnsName()).isEqualTo(lb.description.dnsName());
      assertThat(s.aliasTarget().hostedZoneId()).isEqualTo(FakeClassicElb.US_EAST_1_ZONE);
      assertThat(s.aliasTarget().evaluateTargetHealth()).isFalse();
    }

    aws.calls.clear();
    assertThat(plan(bundle).changes()).as("a second run").isEmpty();
    assertThat(apply(bundle).changes()).isEmpty();
    assertThat(aws.mutatingCalls()).isEmpty();
  }

  @Test
  void dryRunPreviewsTheLoadBalancerAndTouchesNothing() {
    String preview = DryRun.render(plan(bundle));
    assertThat(preview)
        .contains("ClassicLoadBalancer/api." + CLUSTER)
        .contains("api-privateweave-example--l94cb4")
        .contains("SSL:443 every 10s timeout 5s healthy 2 unhealthy 2")
        .contains("ConnectionDraining")
        .contains("300s");
    assertThat(aws.mutatingCalls()).isEmpty();
    assertThat(aws.classicElb.loadBalancers).isEmpty();
  }

  @Test
  void aRunCutShortAfterTheCreateIsCompletedByTheNext() throws Exception {
    apply(bundle);
    // As CreateLoadBalancer leaves it when the run dies before the health check and attributes:
    // AWS' defaults.
    FakeClassicElb.State lb = only();
    lb.description =
        new ClassicElb.Description(
            lb.description.name(),
            lb.description.dnsName(),
            lb.description.canonicalHostedZoneId(),
            lb.description.scheme(),
            lb.description.subnets(),
            lb.description.securityGroups(),
            lb.description.listeners(),
            new ClassicElb.HealthCheck("TCP:443", 30, 5, 10, 2));
    lb.attributes = new ClassicElb.Attributes(false, 300, 60, false);

    assertThat(plan(bundle).changes()).hasSize(1);
    apply(bundle);
    assertMatchesKops(only());
    assertThat(plan(bundle).changes()).isEmpty();
  }

  @Test
  void deleteTakesGroupsThenTheLoadBalancerThenItsSecurityGroup() {
    apply(bundle);
    String name = only().description.name();
    aws.calls.clear();
    cloud.delete(AwsCluster.of(bundle), ProgressListener.NONE);
    assertThat(aws.classicElb.loadBalancers).isEmpty();
    assertThat(aws.inventory()).isEmpty();
    assertThat(aws.classicElb.registeredWhenDeleted).containsEntry(name, List.of());
    // Its security group answered DependencyViolation while the interfaces went away, and the
    // delete waited that out.
    int elb = aws.calls.indexOf("deleteClassicLoadBalancer");
    assertThat(
            aws.calls.subList(elb, aws.calls.size()).stream()
                .filter("deleteSecurityGroup"::equals)
                .count())
        .isGreaterThan(aws.ec2.securityGroups().size() + 1);
  }

  @Test
  void aLoadBalancerOfThatNameOwnedByAnotherClusterIsNotTakenOver() {
    apply(bundle);
    FakeClassicElb.State lb = only();
    lb.tags.remove("kubernetes.io/cluster/" + CLUSTER);
    lb.tags.put("kubernetes.io/cluster/other.example.com", "owned");
    assertThatThrownBy(() -> plan(bundle))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("api-privateweave-example--l94cb4")
        .hasMessageContaining("kubernetes.io/cluster/other.example.com=owned");
  }

  @Test
  void anUntaggedLoadBalancerOfThatNameIsAdoptedWithKopsTags() throws Exception {
    apply(bundle);
    only().tags.clear();
    assertThat(plan(bundle).changes()).isNotEmpty();
    apply(bundle);
    assertMatchesKops(only());
  }

  @Test
  void settingsTheDirectApplyDoesNotMakeAreRefusedBeforeAwsIsAsked(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = AwsCases.caseDir(CASE).resolve("in-v1alpha2.yaml");
    String yaml =
        Files.readString(file)
            .replaceFirst(
                "\nspec:\n",
                "\nspec:\n  dnsZone: "
                    + AwsCases.KOPS_TEST_ZONE_ID
                    + "\n  api:\n    loadBalancer:\n      class: Classic\n      type: Public\n"
                    + "      additionalSecurityGroups: [sg-0123456789abcdef0]\n");
    YamlCodec.Documents docs = YamlCodec.read(yaml, file.toString());
    ClusterBundle b = new ClusterBundle(docs.clusters().get(0), docs.instanceGroups());
    var networkPlan = cloud.networkPlan(b, IpamState.empty());
    aws.calls.clear();
    assertThatThrownBy(() -> cloud.apply(b, networkPlan, Optional.empty(), ProgressListener.NONE))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("spec.api.loadBalancer.additionalSecurityGroups");
    assertThat(aws.calls).isEmpty();
  }
}
