package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.tasks.Engine;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The API's alias records read back through the SDK's real clients: one local endpoint speaks Route
 * 53's REST-XML (the record as Route 53 lists an alias to a load balancer: {@code dualstack.}
 * before the DNS name and a final dot) and Elastic Load Balancing's query protocol (the load
 * balancer's DNS name and canonical zone as ELB describes them). An alias to the cluster's load
 * balancer compares equal to the desired record; one to anything else differs in its target, so the
 * apply writes it back.
 */
class DnsRecordOpsSdkTest {
  static final String CLUSTER = "c.example.com";
  static final String LB_NAME = "api-c-example-com-abcdef";
  static final String LB_DNS = LB_NAME + "-50dc6c495c0c9188.elb.us-east-1.amazonaws.com";
  static final String LB_ZONE = "Z26RNL4JYFTOTI";

  private LocalAwsEndpoint endpoint;
  private final List<String> requests = new ArrayList<>();

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  private DnsRecordOps ops(String aliasDnsName) {
    endpoint =
        LocalAwsEndpoint.start(
            r -> {
              String what =
                  r.method()
                      + " "
                      + URLDecoder.decode(r.pathAndQuery(), StandardCharsets.UTF_8)
                      + " "
                      + URLDecoder.decode(r.body(), StandardCharsets.UTF_8);
              requests.add(what);
              if (r.pathAndQuery().startsWith("/2013-04-01/hostedzone/")) {
                return LocalAwsEndpoint.Answer.xml(200, recordSets(aliasDnsName));
              }
              return LocalAwsEndpoint.Answer.xml(
                  200,
                  "<DescribeLoadBalancersResponse"
                      + " xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
                      + "<DescribeLoadBalancersResult><LoadBalancers><member>"
                      + "<LoadBalancerArn>arn:aws:elasticloadbalancing:us-east-1:123456789012:"
                      + "loadbalancer/net/"
                      + LB_NAME
                      + "/50dc6c495c0c9188</LoadBalancerArn><LoadBalancerName>"
                      + LB_NAME
                      + "</LoadBalancerName><DNSName>"
                      + LB_DNS
                      + "</DNSName><CanonicalHostedZoneId>"
                      + LB_ZONE
                      + "</CanonicalHostedZoneId><Type>network</Type></member></LoadBalancers>"
                      + "</DescribeLoadBalancersResult><ResponseMetadata><RequestId>r</RequestId>"
                      + "</ResponseMetadata></DescribeLoadBalancersResponse>");
            });
    Route53Client route53 = endpoint.client(Route53Client.builder(), Region.AWS_GLOBAL);
    ElasticLoadBalancingV2Client elb =
        endpoint.client(ElasticLoadBalancingV2Client.builder(), Region.US_EAST_1);
    AwsClients clients =
        LocalAwsEndpoint.onlyClientsAdded().withDns(() -> route53).withLoadBalancing(() -> elb);
    return new DnsRecordOps(
        new AwsContext(clients, new AwsRetry(2, 1, 2, ms -> {}), new LiveIds(), CLUSTER));
  }

  private static String recordSets(String aliasDnsName) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<ListResourceRecordSetsResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
        + "<ResourceRecordSets><ResourceRecordSet><Name>api."
        + CLUSTER
        + ".</Name><Type>A</Type><AliasTarget><HostedZoneId>"
        + LB_ZONE
        + "</HostedZoneId><DNSName>"
        + aliasDnsName
        + "</DNSName><EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget>"
        + "</ResourceRecordSet></ResourceRecordSets><IsTruncated>false</IsTruncated>"
        + "<MaxItems>1</MaxItems></ListResourceRecordSetsResponse>";
  }

  static DnsRecord desired() {
    return DnsRecord.aliasOf(
        "api." + CLUSTER,
        "A",
        "ZONE1",
        new DnsRecord.Balancer(NetworkLoadBalancer.idOf("api." + CLUSTER), LB_NAME));
  }

  @Test
  void anAliasToTheClustersLoadBalancerAsRoute53ListsItIsNoChange() {
    DnsRecordOps ops = ops("dualstack." + LB_DNS + ".");
    AwsResource live = ops.find(desired()).orElseThrow();
    assertThat(Engine.diff(live, desired())).isEmpty();
    assertThat(requests.get(0))
        .startsWith("GET /2013-04-01/hostedzone/ZONE1/rrset?")
        .contains("name=api.c.example.com.")
        .contains("type=A");
    assertThat(requests.get(1))
        .contains("Action=DescribeLoadBalancers")
        .contains("Names.member.1=" + LB_NAME);
  }

  @Test
  void anAliasToAnotherTargetDiffersInItsTarget() {
    DnsRecordOps ops = ops("dualstack.someone-elses-lb-1.us-east-1.elb.amazonaws.com.");
    AwsResource live = ops.find(desired()).orElseThrow();
    assertThat(Engine.diff(live, desired()))
        .singleElement()
        .asString()
        .contains("AliasTarget")
        .contains("someone-elses-lb-1")
        .contains("load balancer " + LB_NAME);
  }
}
