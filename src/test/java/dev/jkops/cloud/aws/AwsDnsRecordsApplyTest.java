package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import dev.jkops.cloud.aws.fake.FakeAws;
import dev.jkops.cloud.aws.fake.FakeRoute53;
import dev.jkops.model.ipam.IpamState;
import dev.jkops.tasks.DryRun;
import dev.jkops.tasks.Plan;
import dev.jkops.tasks.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The direct apply's Route 53 side, against jkops' in-process Route 53 fake (kops' test zone,
 * public {@code example.com}, {@value FakeRoute53#KOPS_TEST_ZONE}): the API's placeholder records
 * kops makes for dns-controller, the hosted zone found by name as kops finds it, and a zone name
 * Route 53 cannot match refused naming {@code spec.dnsZone} before anything is made.
 */
class AwsDnsRecordsApplyTest {
  static final String MINIMAL = "minimal-aws@HEAD";
  static final String PRIVATE_NLB = "privatecalico@HEAD";

  final FakeAws aws = new FakeAws();

  AwsClusterResources cloud() {
    return new AwsClusterResources(aws.clients(), new AwsRetry(8, 1, 8, ms -> {}));
  }

  Plan<AwsResource> apply(ClusterBundle b) {
    AwsClusterResources cloud = cloud();
    return cloud.apply(b, cloud.networkPlan(b, IpamState.empty()), ProgressListener.NONE);
  }

  Plan<AwsResource> plan(ClusterBundle b) {
    AwsClusterResources cloud = cloud();
    return cloud.plan(b, cloud.networkPlan(b, IpamState.empty()));
  }

  static ClusterBundle bundle(String caseName, UnaryOperator<String> edit) throws Exception {
    Path file = AwsCases.dir().resolve(caseName).resolve("in-v1alpha2.yaml");
    YamlCodec.Documents docs = YamlCodec.read(edit.apply(Files.readString(file)), file.toString());
    return new ClusterBundle(docs.clusters().get(0), docs.instanceGroups());
  }

  static UnaryOperator<String> zone(String dnsZone) {
    return y ->
        y.replaceFirst("(?m)^  dnsZone: .*\\n", "")
            .replaceFirst("\nspec:\n", "\nspec:\n  dnsZone: " + dnsZone + "\n");
  }

  Map<String, ResourceRecordSet> records(String zone) {
    return aws.route53.records.get(zone);
  }

  static List<String> values(ResourceRecordSet s) {
    return s.resourceRecords().stream().map(ResourceRecord::value).toList();
  }

  @Test
  void withoutAnApiLoadBalancerKopsPlaceholdersAreMadeForDnsControllerAndGoWithTheCluster()
      throws Exception {
    ClusterBundle b = AwsCases.bundle(MINIMAL);
    assertThat(DryRun.render(plan(b)))
        .contains("api.minimal-aws.example.com", "api.internal.minimal-aws.example.com");
    assertThat(records(FakeRoute53.KOPS_TEST_ZONE)).as("the dry run changes nothing").isEmpty();

    apply(b);
    var zone = records(FakeRoute53.KOPS_TEST_ZONE);
    assertThat(zone)
        .containsOnlyKeys(
            "api.minimal-aws.example.com. A", "api.internal.minimal-aws.example.com. A");
    for (ResourceRecordSet s : zone.values()) {
      assertThat(values(s)).containsExactly("203.0.113.123");
      assertThat(s.ttl()).isEqualTo(10L);
    }
    assertThat(plan(b).changes()).isEmpty();

    // dns-controller points the name at the control plane: that is its to change, not a drift.
    String api = "api.minimal-aws.example.com. A";
    zone.put(
        api,
        zone.get(api).toBuilder()
            .resourceRecords(ResourceRecord.builder().value("198.51.100.7").build())
            .ttl(60L)
            .build());
    Plan<AwsResource> again = plan(b);
    assertThat(again.changes()).as(DryRun.render(again)).isEmpty();
    apply(b);
    assertThat(values(zone.get(api))).containsExactly("198.51.100.7");

    cloud().delete(AwsCluster.of(b), ProgressListener.NONE);
    assertThat(records(FakeRoute53.KOPS_TEST_ZONE)).isEmpty();
    assertThat(aws.inventory()).isEmpty();
  }

  @Test
  void
      aNetworkLoadBalancerServesThePublicNameThroughKopsAliasRecordsAndOnlyTheInternalOneIsAPlaceholder() {
    ClusterBundle b = AwsCases.bundle(PRIVATE_NLB);
    String api = "api.privatecalico.example.com.";
    // A placeholder from before the API had a load balancer: the apply makes it the alias.
    aws.route53
        .records
        .get(FakeRoute53.KOPS_TEST_ZONE)
        .put(
            api + " A",
            ResourceRecordSet.builder()
                .name(api)
                .type("A")
                .ttl(10L)
                .resourceRecords(ResourceRecord.builder().value("203.0.113.123").build())
                .build());

    apply(b);
    var zone = records(FakeRoute53.KOPS_TEST_ZONE);
    assertThat(zone)
        .containsOnlyKeys(api + " A", api + " AAAA", "api.internal.privatecalico.example.com. A");
    var balancer =
        aws.elbv2.loadBalancers.values().stream()
            .filter(lb -> lb.loadBalancerName().startsWith("api-privatecalico"))
            .findFirst()
            .orElseThrow();
    for (String type : List.of("A", "AAAA")) {
      ResourceRecordSet s = zone.get(api + " " + type);
      assertThat(s.aliasTarget()).as(type).isNotNull();
      assertThat(s.aliasTarget().dnsName()).as(type).isEqualTo(balancer.dnsName());
      assertThat(s.aliasTarget().hostedZoneId())
          .as(type)
          .isEqualTo(balancer.canonicalHostedZoneId());
      assertThat(s.aliasTarget().evaluateTargetHealth()).isFalse();
      assertThat(s.resourceRecords()).isEmpty();
    }
    Plan<AwsResource> again = plan(b);
    assertThat(again.changes()).as(DryRun.render(again)).isEmpty();

    cloud().delete(AwsCluster.of(b), ProgressListener.NONE);
    assertThat(records(FakeRoute53.KOPS_TEST_ZONE)).isEmpty();
    assertThat(aws.inventory()).isEmpty();
  }

  /**
   * An API alias changed by hand to another target is seen by the dry run and put back by the
   * apply; the same alias as Route 53 really lists it ({@code dualstack.} prefix, final dot) is not
   * a change.
   */
  @Test
  void anApiAliasPointedElsewhereByHandIsPutBack() {
    ClusterBundle b = AwsCases.bundle(PRIVATE_NLB);
    String api = "api.privatecalico.example.com.";
    apply(b);
    var zone = records(FakeRoute53.KOPS_TEST_ZONE);
    ResourceRecordSet made = zone.get(api + " A");
    String balancerDns = made.aliasTarget().dnsName();

    zone.put(
        api + " A",
        made.toBuilder()
            .aliasTarget(
                made.aliasTarget().toBuilder().dnsName("dualstack." + balancerDns + ".").build())
            .build());
    Plan<AwsResource> listed = plan(b);
    assertThat(listed.changes()).as(DryRun.render(listed)).isEmpty();

    zone.put(
        api + " A",
        made.toBuilder()
            .aliasTarget(
                made.aliasTarget().toBuilder()
                    .dnsName("someone-elses-lb-1.us-test-1.elb.amazonaws.com.")
                    .build())
            .build());
    Plan<AwsResource> drifted = plan(b);
    assertThat(DryRun.render(drifted))
        .contains("DNSRecord/" + "api.privatecalico.example.com")
        .containsPattern(
            "AliasTarget\\s+someone-elses-lb-1.us-test-1.elb.amazonaws.com. -> load balancer"
                + " api-privatecalico-example-0uch4k");
    assertThat(drifted.changes()).hasSize(1);

    apply(b);
    assertThat(records(FakeRoute53.KOPS_TEST_ZONE).get(api + " A").aliasTarget().dnsName())
        .isEqualTo(balancerDns);
    Plan<AwsResource> again = plan(b);
    assertThat(again.changes()).as(DryRun.render(again)).isEmpty();
  }

  @Test
  void aZoneGivenByNameIsLookedUpPreferringThePublicOneAsKopsDoes() throws Exception {
    aws.route53.addZone("ZPRIVATE1", "example.com", true);
    apply(bundle(MINIMAL, zone("example.com")));
    assertThat(records(FakeRoute53.KOPS_TEST_ZONE)).hasSize(2);
    assertThat(records("ZPRIVATE1")).isEmpty();
  }

  @Test
  void aPrivateDnsTopologyTakesThePrivateZoneOfThatName() throws Exception {
    aws.route53.addZone("ZPRIVATE1", "example.com", true);
    apply(
        bundle(
            MINIMAL,
            y ->
                zone("example.com.")
                    .apply(y)
                    .replaceFirst(
                        "\nspec:\n", "\nspec:\n  topology:\n    dns:\n      type: Private\n")));
    assertThat(records("ZPRIVATE1")).hasSize(2);
    assertThat(records(FakeRoute53.KOPS_TEST_ZONE)).isEmpty();
  }

  @Test
  void aZoneNameRoute53DoesNotHaveFailsNamingTheFieldAndNothingIsMade() throws Exception {
    ClusterBundle b = bundle(MINIMAL, zone("example.org"));
    assertThatThrownBy(() -> apply(b))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("spec.dnsZone \"example.org\"")
        .hasMessageContaining("no public hosted zone named example.org")
        .hasMessageContaining("set spec.dnsZone to an existing zone's name or id");
    assertThat(aws.mutatingCalls()).isEmpty();
    assertThat(aws.inventory()).isEmpty();
  }

  @Test
  void twoZonesOfTheNameFailListingBothAndNothingIsMade() throws Exception {
    aws.route53.addZone("ZSECOND2", "example.com", false);
    ClusterBundle b = bundle(MINIMAL, zone("example.com"));
    assertThatThrownBy(() -> apply(b))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("spec.dnsZone \"example.com\"")
        .hasMessageContaining(FakeRoute53.KOPS_TEST_ZONE)
        .hasMessageContaining("ZSECOND2")
        .hasMessageContaining("set spec.dnsZone to the id of the one to use");
    assertThat(aws.mutatingCalls()).isEmpty();
  }

  @Test
  void aZoneIdRoute53DoesNotKnowFailsNamingTheField() throws Exception {
    ClusterBundle b = bundle(MINIMAL, zone("ZNOSUCH9"));
    assertThatThrownBy(() -> apply(b))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("spec.dnsZone \"ZNOSUCH9\"");
    assertThat(aws.mutatingCalls()).isEmpty();
  }

  @Test
  void gossipClustersGetNoRecordsAndAskRoute53Nothing() throws Exception {
    ClusterBundle b =
        bundle(MINIMAL, y -> y.replace("minimal-aws.example.com", "minimal-aws.k8s.local"));
    apply(b);
    assertThat(records(FakeRoute53.KOPS_TEST_ZONE)).isEmpty();
    assertThat(aws.calls).noneMatch(c -> c.contains("HostedZone") || c.contains("RecordSets"));
  }
}
