package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jkops.tasks.Engine;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The load balancer calls through the SDK's real pipeline: a local HTTP endpoint speaks Elastic
 * Load Balancing's query protocol, the real {@link ElasticLoadBalancingV2Client} sends the requests
 * as AWS receives them and parses AWS' XML answers, errors included. What the in-process fake
 * cannot show: that a missing name (an error, not an empty list) reads as absent, that a live load
 * balancer read back compares equal to the desired one, and what the create requests carry.
 */
class ElbOpsSdkTest {
  static final String NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
  static final String CLUSTER = "c.example.com";
  static final String LB_ARN =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/api-c-example-com-abcdef/50dc6c495c0c9188";
  static final String TG_ARN =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tcp-c-example-com-abcdef/73e2d6bc24d8a067";

  private LocalAwsEndpoint endpoint;
  private final List<String> requests = new ArrayList<>();

  private ElbOps ops(Function<String, Answer> answer) throws Exception {
    endpoint =
        LocalAwsEndpoint.start(
            r -> {
              String form = URLDecoder.decode(r.body(), StandardCharsets.UTF_8);
              requests.add(form);
              Answer a = answer.apply(form);
              return LocalAwsEndpoint.Answer.xml(a.status(), a.body());
            });
    ElasticLoadBalancingV2Client elb =
        endpoint.client(ElasticLoadBalancingV2Client.builder(), Region.US_EAST_1);
    AwsClients clients = LocalAwsEndpoint.onlyClientsAdded().withLoadBalancing(() -> elb);
    context = new AwsContext(clients, new AwsRetry(2, 1, 2, ms -> {}), new LiveIds(), CLUSTER);
    context.ids().put(Subnet.idOf("utility-us-east-1a." + CLUSTER), "subnet-0a1");
    context.ids().put(SecurityGroup.idOf("api-elb." + CLUSTER), "sg-0b2");
    return new ElbOps(context);
  }

  private AwsContext context;

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  record Answer(int status, String body) {
    static Answer ok(String action, String result) {
      return new Answer(200, QueryProtocol.result(NS, action, result));
    }

    static Answer error(String code, String message) {
      return new Answer(400, QueryProtocol.error(NS, code, message));
    }
  }

  static String action(String form) {
    for (String p : form.split("&")) {
      if (p.startsWith("Action=")) {
        return p.substring("Action=".length());
      }
    }
    return "";
  }

  static NetworkLoadBalancer desired() {
    return new NetworkLoadBalancer(
        "api." + CLUSTER,
        "api-c-example-com-abcdef",
        false,
        "ipv4",
        List.of(Ref.to(Subnet.idOf("utility-us-east-1a." + CLUSTER))),
        List.of(SecurityGroup.idOf("api-elb." + CLUSTER)),
        List.of(
            new NetworkLoadBalancer.Listener(
                443, "TCP", Ref.to(TargetGroup.idOf("tcp-c-example-com-abcdef")))),
        Tags.owned(CLUSTER, "api." + CLUSTER));
  }

  static final String LOAD_BALANCER =
      "<member><LoadBalancerArn>"
          + LB_ARN
          + "</LoadBalancerArn><LoadBalancerName>api-c-example-com-abcdef</LoadBalancerName>"
          + "<Scheme>internet-facing</Scheme><Type>network</Type><IpAddressType>ipv4</IpAddressType>"
          + "<VpcId>vpc-1</VpcId><AvailabilityZones><member><SubnetId>subnet-0a1</SubnetId>"
          + "<ZoneName>us-east-1a</ZoneName></member></AvailabilityZones>"
          + "<SecurityGroups><member>sg-0b2</member></SecurityGroups>"
          + "<DNSName>api-c-example-com-abcdef-50dc6c495c0c9188.elb.us-east-1.amazonaws.com</DNSName>"
          + "</member>";

  static String tags(String arn, Map<String, String> tags) {
    StringBuilder t = new StringBuilder();
    tags.forEach(
        (k, v) ->
            t.append("<member><Key>")
                .append(k)
                .append("</Key><Value>")
                .append(v)
                .append("</Value></member>"));
    return "<TagDescriptions><member><ResourceArn>"
        + arn
        + "</ResourceArn><Tags>"
        + t
        + "</Tags></member></TagDescriptions>";
  }

  @Test
  void aMissingLoadBalancerIsAnErrorThatReadsAsAbsent() throws Exception {
    ElbOps ops =
        ops(form -> Answer.error("LoadBalancerNotFound", "One or more load balancers not found"));
    assertThat(ops.findLoadBalancer(desired())).isEmpty();
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0))
        .contains("Action=DescribeLoadBalancers")
        .contains("Names.member.1=api-c-example-com-abcdef");
  }

  @Test
  void aLiveLoadBalancerReadBackEqualsTheDesiredOne() throws Exception {
    ElbOps ops =
        ops(
            form ->
                switch (action(form)) {
                  case "DescribeLoadBalancers" ->
                      Answer.ok(
                          "DescribeLoadBalancers",
                          "<LoadBalancers>" + LOAD_BALANCER + "</LoadBalancers>");
                  case "DescribeTags" ->
                      Answer.ok(
                          "DescribeTags", tags(LB_ARN, Tags.owned(CLUSTER, "api." + CLUSTER)));
                  case "DescribeListeners" ->
                      Answer.ok(
                          "DescribeListeners",
                          "<Listeners><member><ListenerArn>l-1</ListenerArn><LoadBalancerArn>"
                              + LB_ARN
                              + "</LoadBalancerArn><Port>443</Port><Protocol>TCP</Protocol>"
                              + "<DefaultActions><member><Type>forward</Type><TargetGroupArn>"
                              + TG_ARN
                              + "</TargetGroupArn></member></DefaultActions></member></Listeners>");
                  default -> Answer.error("InvalidAction", form);
                });
    context.ids().put(TargetGroup.idOf("tcp-c-example-com-abcdef"), TG_ARN);
    AwsResource live = ops.findLoadBalancer(desired()).orElseThrow();
    assertThat(Engine.diff(live, desired())).isEmpty();
    assertThat(context.ids().require(desired().id())).isEqualTo(LB_ARN);
    assertThat(requests.get(1))
        .contains("Action=DescribeTags")
        .contains("ResourceArns.member.1=" + LB_ARN);
  }

  @Test
  void createsTheLoadBalancerWithItsTagsThenItsListener() throws Exception {
    ElbOps ops =
        ops(
            form ->
                switch (action(form)) {
                  case "CreateLoadBalancer" ->
                      Answer.ok(
                          "CreateLoadBalancer",
                          "<LoadBalancers>" + LOAD_BALANCER + "</LoadBalancers>");
                  case "CreateListener" -> Answer.ok("CreateListener", "<Listeners/>");
                  default -> Answer.error("InvalidAction", form);
                });
    context.ids().put(TargetGroup.idOf("tcp-c-example-com-abcdef"), TG_ARN);
    ops.createLoadBalancer(desired());
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0))
        .contains("Action=CreateLoadBalancer")
        .contains("Name=api-c-example-com-abcdef")
        .contains("Type=network")
        .contains("Scheme=internet-facing")
        .contains("Subnets.member.1=subnet-0a1")
        .contains("SecurityGroups.member.1=sg-0b2")
        .contains("Key=kubernetes.io/cluster/" + CLUSTER)
        .contains("Value=owned");
    assertThat(requests.get(1))
        .contains("Action=CreateListener")
        .contains("LoadBalancerArn=" + LB_ARN)
        .contains("Port=443")
        .contains("Protocol=TCP")
        .contains("DefaultActions.member.1.Type=forward")
        .contains("DefaultActions.member.1.TargetGroupArn=" + TG_ARN);
  }
}
