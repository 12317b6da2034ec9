package dev.jkops.cloud.aws;

import static dev.jkops.testing.TerraformJson.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.api.ClusterBundle;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.DryRun;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.EnabledMetric;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * The direct apply makes kops' network load balancers as kops' own Terraform for the case describes
 * them (read from kops' golden {@code kubernetes.tf.json}, not from jkops' output): the API's and
 * the bastion's load balancer, listener and target group, and the autoscaling groups registered in
 * them with kops' metrics. Checked against jkops' in-process fake AWS.
 */
class AwsLoadBalancerApplyTest {
  static final String CASE = "privatecalico@HEAD";
  static final String CLUSTER = "privatecalico.example.com";

  final FakeAws aws = new FakeAws();
  final AwsClusterResources cloud =
      new AwsClusterResources(aws.clients(), new AwsRetry(8, 1, 8, ms -> {}));
  final ClusterBundle bundle = AwsCases.bundle(CASE);

  Plan<AwsResource> apply() {
    return cloud.apply(
        bundle,
        cloud.networkPlan(bundle, IpamState.empty()),
        Optional.empty(),
        ProgressListener.NONE);
  }

  Plan<AwsResource> plan() {
    return cloud.plan(bundle, cloud.networkPlan(bundle, IpamState.empty()), Optional.empty());
  }

  static JsonNode kops() throws Exception {
    return new ObjectMapper().readTree(AwsCases.expectedJson(CASE)).path("resource");
  }

  /** The Terraform name a reference like {@code ${aws_subnet.x.id}} points at. */
  static String refName(JsonNode ref) {
    String s = ref.asText();
    return s.substring(s.indexOf('.') + 1, s.lastIndexOf('.'));
  }

  static Map<String, String> map(JsonNode n) {
    Map<String, String> m = new TreeMap<>();
    n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  LoadBalancer loadBalancer(String name) {
    return aws.elbv2.loadBalancers.values().stream()
        .filter(lb -> lb.loadBalancerName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no load balancer " + name));
  }

  TargetGroup targetGroup(String name) {
    return aws.elbv2.targetGroups.values().stream()
        .filter(g -> g.targetGroupName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no target group " + name));
  }

  String targetGroupName(String arn) {
    return aws.elbv2.targetGroups.get(arn).targetGroupName();
  }

  String subnetTfName(String subnetId) {
    return AwsCluster.tfSanitize(
        aws.ec2.subnets().get(subnetId).tags().stream()
            .filter(t -> t.key().equals("Name"))
            .findFirst()
            .orElseThrow()
            .value());
  }

  @Test
  void makesKopsLoadBalancersListenersAndTargetGroupsAndRegistersTheGroups() throws Exception {
    apply();
    JsonNode kops = kops();

    Iterator<Map.Entry<String, JsonNode>> lbs = kops.path("aws_lb").fields();
    int balancers = 0;
    while (lbs.hasNext()) {
      var e = lbs.next();
      balancers++;
      JsonNode want = at(e.getValue());
      LoadBalancer lb = loadBalancer(at(want, "name").asText());
      assertThat(lb.typeAsString()).isEqualTo(at(want, "load_balancer_type").asText());
      assertThat(lb.schemeAsString())
          .isEqualTo(at(want, "internal").asBoolean() ? "internal" : "internet-facing");
      assertThat(aws.elbv2.tagsOf(lb.loadBalancerArn())).isEqualTo(map(at(want, "tags")));
      List<String> subnets = new ArrayList<>();
      want.path("subnet_mapping").forEach(m -> subnets.add(refName(at(m, "subnet_id"))));
      assertThat(lb.availabilityZones().stream().map(z -> subnetTfName(z.subnetId())))
          .containsExactlyInAnyOrderElementsOf(subnets);
      List<String> groups = new ArrayList<>();
      want.path("security_groups").forEach(g -> groups.add(refName(g)));
      assertThat(
              lb.securityGroups().stream()
                  .map(id -> AwsCluster.tfSanitize(aws.ec2.securityGroups().get(id).groupName())))
          .containsExactlyInAnyOrderElementsOf(groups);

      // Its listeners: kops' aws_lb_listener blocks naming this load balancer.
      List<String> wantListeners = new ArrayList<>();
      kops.path("aws_lb_listener")
          .forEach(
              l -> {
                JsonNode w = at(l);
                if (refName(at(w, "load_balancer_arn")).equals(e.getKey())) {
                  wantListeners.add(
                      at(w, "protocol").asText()
                          + ":"
                          + at(w, "port").asInt()
                          + "->"
                          + refName(at(w, "default_action", "target_group_arn")));
                }
              });
      List<String> listeners =
          aws.elbv2.listeners.values().stream()
              .filter(l -> l.loadBalancerArn().equals(lb.loadBalancerArn()))
              .map(
                  (Listener l) ->
                      l.protocolAsString()
                          + ":"
                          + l.port()
                          + "->"
                          + targetGroupName(l.defaultActions().get(0).targetGroupArn()))
              .toList();
      assertThat(listeners).isNotEmpty().containsExactlyInAnyOrderElementsOf(wantListeners);
    }
    assertThat(balancers).as("the API's and the bastion's").isEqualTo(2);
    assertThat(aws.elbv2.loadBalancers).hasSize(balancers);

    Iterator<Map.Entry<String, JsonNode>> tgs = kops.path("aws_lb_target_group").fields();
    while (tgs.hasNext()) {
      JsonNode want = at(tgs.next().getValue());
      TargetGroup g = targetGroup(at(want, "name").asText());
      assertThat(g.port()).isEqualTo(at(want, "port").asInt());
      assertThat(g.protocolAsString()).isEqualTo(at(want, "protocol").asText());
      assertThat(g.healthCheckProtocolAsString())
          .isEqualTo(at(want, "health_check", "protocol").asText());
      assertThat(g.healthCheckIntervalSeconds())
          .isEqualTo(at(want, "health_check", "interval").asInt());
      assertThat(g.healthyThresholdCount())
          .isEqualTo(at(want, "health_check", "healthy_threshold").asInt());
      assertThat(g.unhealthyThresholdCount())
          .isEqualTo(at(want, "health_check", "unhealthy_threshold").asInt());
      assertThat(aws.elbv2.attributesOf(g.targetGroupArn()))
          .containsEntry(
              "deregistration_delay.timeout_seconds", at(want, "deregistration_delay").asText())
          .containsEntry(
              "deregistration_delay.connection_termination.enabled",
              at(want, "connection_termination").asText());
      assertThat(aws.elbv2.tagsOf(g.targetGroupArn())).isEqualTo(map(at(want, "tags")));
      assertThat(g.vpcId()).isEqualTo(aws.ec2.vpcs().keySet().iterator().next());
    }
    assertThat(aws.elbv2.targetGroups).hasSize(kops.path("aws_lb_target_group").size());

    // Every autoscaling group: kops' target groups, metrics and instance lifetime.
    Iterator<Map.Entry<String, JsonNode>> asgs = kops.path("aws_autoscaling_group").fields();
    int checked = 0;
    while (asgs.hasNext()) {
      JsonNode want = at(asgs.next().getValue());
      AutoScalingGroup g = aws.autoscaling.groups.get(at(want, "name").asText());
      assertThat(g).as(at(want, "name").asText()).isNotNull();
      List<String> wantGroups = new ArrayList<>();
      want.path("target_group_arns").forEach(t -> wantGroups.add(refName(t)));
      assertThat(g.targetGroupARNs().stream().map(this::targetGroupName))
          .as("target groups of " + g.autoScalingGroupName())
          .containsExactlyInAnyOrderElementsOf(wantGroups);
      List<String> wantMetrics = new ArrayList<>();
      want.path("enabled_metrics").forEach(m -> wantMetrics.add(m.asText()));
      assertThat(g.enabledMetrics().stream().map(EnabledMetric::metric))
          .containsExactlyInAnyOrderElementsOf(wantMetrics);
      assertThat(g.enabledMetrics())
          .extracting(EnabledMetric::granularity)
          .containsOnly(at(want, "metrics_granularity").asText());
      assertThat(g.maxInstanceLifetime()).isEqualTo(at(want, "max_instance_lifetime").asInt());
      checked++;
    }
    assertThat(checked).isEqualTo(3);

    Plan<AwsResource> again = plan();
    assertThat(again.changes()).as(DryRun.render(again)).isEmpty();

    cloud.delete(AwsCluster.of(bundle), ProgressListener.NONE);
    assertThat(aws.elbv2.loadBalancers).isEmpty();
    assertThat(aws.elbv2.targetGroups).isEmpty();
    assertThat(aws.elbv2.listeners).isEmpty();
    assertThat(aws.inventory()).as("left after delete").isEmpty();
  }

  @Test
  void theDryRunListsTheLoadBalancersAsKopsPreviewDoes() {
    String preview = DryRun.render(plan());
    assertThat(preview)
        .contains("  NetworkLoadBalancer/api." + CLUSTER + "\n")
        .contains("  NetworkLoadBalancer/bastion." + CLUSTER + "\n")
        .contains("  TargetGroup/tcp-privatecalico-example-lveo5b\n")
        .contains("  TargetGroup/bastion-privatecalico-exa-hocohm\n")
        .containsPattern("\tLoadBalancerName\\s*\tapi-privatecalico-example-0uch4k\n")
        .containsPattern("\tListeners\\s*\t\\[TCP:443->name:tcp-privatecalico-example-lveo5b\\]\n")
        .containsPattern("\tScheme\\s*\tinternet-facing\n")
        .containsPattern("\tTargetGroups\\s*\t\\[name:tcp-privatecalico-example-lveo5b\\]\n")
        .containsPattern("\tMetrics\\s*\t1Minute \\[GroupDesiredCapacity, ");
    assertThat(aws.mutatingCalls()).as("a dry run changes nothing").isEmpty();
  }

  /**
   * A run cut short right after one of the calls that make a load balancer, a target group or a
   * group's registration leaves it half made (a load balancer without its listener, a target group
   * with AWS' 300 s deregistration delay, a group without metrics); the rerun completes it, and the
   * account ends as a clean apply leaves it.
   */
  @Test
  void aRunCutShortAfterEachLoadBalancerCallFinishesOnRerun() {
    FakeAws clean = new FakeAws();
    new AwsClusterResources(clean.clients(), new AwsRetry(8, 1, 8, ms -> {}))
        .apply(
            bundle,
            cloud.networkPlan(bundle, IpamState.empty()),
            Optional.empty(),
            ProgressListener.NONE);
    List<String> reference = clean.inventory();
    assertThat(reference)
        .anyMatch(l -> l.startsWith("load-balancer api-privatecalico-example-0uch4k "))
        .anyMatch(l -> l.startsWith("listener api-privatecalico-example-0uch4k TCP:443"));

    for (String op :
        List.of(
            "createTargetGroup",
            "createLoadBalancer",
            "createAutoScalingGroup",
            "enableMetricsCollection")) {
      int at = clean.calls.indexOf(op);
      assertThat(at).as(op + " is made").isNotNegative();
      FakeAws crashed = new FakeAws();
      AwsClusterResources c =
          new AwsClusterResources(crashed.clients(), new AwsRetry(8, 1, 8, ms -> {}));
      crashed.crashAtCall(at + 2); // the call after it
      assertThatThrownBy(
              () ->
                  c.apply(
                      bundle,
                      c.networkPlan(bundle, IpamState.empty()),
                      Optional.empty(),
                      ProgressListener.NONE))
          .isInstanceOf(FakeAws.SimulatedCrash.class);
      crashed.crashAtCall(0);
      assertThat(crashed.inventory()).as("cut short after " + op).isNotEqualTo(reference);
      c.apply(
          bundle,
          c.networkPlan(bundle, IpamState.empty()),
          Optional.empty(),
          ProgressListener.NONE);
      assertThat(crashed.inventory()).as("rerun after a cut after " + op).isEqualTo(reference);
      Plan<AwsResource> again =
          c.plan(bundle, c.networkPlan(bundle, IpamState.empty()), Optional.empty());
      assertThat(again.changes()).as(DryRun.render(again)).isEmpty();
    }
  }

  /** A load balancer or target group that lost its tags is found by kops' name and tagged again. */
  @Test
  void aLoadBalancerFoundByNameWithoutTheClustersTagsIsTaggedAgain() {
    apply();
    String lb = loadBalancer("api-privatecalico-example-0uch4k").loadBalancerArn();
    String tg = targetGroup("tcp-privatecalico-example-lveo5b").targetGroupArn();
    aws.elbv2.tagsOf(lb).clear();
    aws.elbv2.tagsOf(tg).clear();
    Plan<AwsResource> p = plan();
    assertThat(DryRun.render(p))
        .contains("  NetworkLoadBalancer/api." + CLUSTER + "\n  \tTags")
        .contains("  TargetGroup/tcp-privatecalico-example-lveo5b\n  \tTags");
    apply();
    assertThat(aws.elbv2.tagsOf(lb))
        .containsEntry("kubernetes.io/cluster/" + CLUSTER, "owned")
        .containsEntry("Name", "api." + CLUSTER);
    assertThat(aws.elbv2.tagsOf(tg)).containsEntry("KubernetesCluster", CLUSTER);
    assertThat(plan().changes()).isEmpty();
  }

  /** A group registered in a target group jkops no longer wants is detached from it. */
  @Test
  void aGroupRegisteredElsewhereIsMovedToKopsTargetGroup() {
    apply();
    String master = "master-us-test-1a.masters." + CLUSTER;
    String bastionGroup = targetGroup("bastion-privatecalico-exa-hocohm").targetGroupArn();
    AutoScalingGroup g = aws.autoscaling.groups.get(master);
    aws.autoscaling.groups.put(master, g.toBuilder().targetGroupARNs(bastionGroup).build());
    Plan<AwsResource> p = plan();
    assertThat(DryRun.render(p))
        .contains(
            "TargetGroups\t [name:bastion-privatecalico-exa-hocohm] ->"
                + " [name:tcp-privatecalico-example-lveo5b]");
    apply();
    assertThat(
            aws.autoscaling.groups.get(master).targetGroupARNs().stream()
                .map(this::targetGroupName))
        .containsExactly("tcp-privatecalico-example-lveo5b");
    assertThat(plan().changes()).isEmpty();
  }
}
