package dev.jkops.cloud.aws;

import static dev.jkops.cloud.aws.QueryProtocol.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * jkops' Classic Elastic Load Balancing client through its whole pipeline: a local endpoint speaks
 * the query protocol (API 2012-06-01) as AWS documents it, so each call is seen as AWS would
 * receive it (a form-encoded POST signed with SigV4 for {@code elasticloadbalancing}) and AWS' XML
 * answers, errors and throttling included, are read back through the client.
 */
class ClassicElbQueryClientTest {
  static final String NS = "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/";

  private LocalAwsEndpoint endpoint;
  final List<LocalAwsEndpoint.Request> requests = new ArrayList<>();

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  ClassicElbQueryClient client(Function<Map<String, String>, LocalAwsEndpoint.Answer> answer) {
    endpoint =
        LocalAwsEndpoint.start(
            r -> {
              requests.add(r);
              return answer.apply(form(r.body()));
            });
    return new ClassicElbQueryClient(
        endpoint.uri(),
        "us-east-1",
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")),
        UrlConnectionHttpClient.create(),
        AwsClients.sdkRetryStrategy(Duration.ofMillis(2), Duration.ofMillis(20)));
  }

  static LocalAwsEndpoint.Answer ok(String action, String result) {
    return LocalAwsEndpoint.Answer.xml(200, QueryProtocol.result(NS, action, result));
  }

  static LocalAwsEndpoint.Answer error(int status, String code, String message) {
    return LocalAwsEndpoint.Answer.xml(status, QueryProtocol.error(NS, code, message));
  }

  static final String DESCRIPTION =
      "<member><LoadBalancerName>api-privateweave-example--l94cb4</LoadBalancerName>"
          + "<DNSName>api-privateweave-example--l94cb4-1234.us-east-1.elb.amazonaws.com</DNSName>"
          + "<CanonicalHostedZoneName>api.example</CanonicalHostedZoneName>"
          + "<CanonicalHostedZoneNameID>Z35SXDOTRQ7X7K</CanonicalHostedZoneNameID>"
          + "<ListenerDescriptions><member><Listener><Protocol>TCP</Protocol>"
          + "<LoadBalancerPort>443</LoadBalancerPort><InstanceProtocol>TCP</InstanceProtocol>"
          + "<InstancePort>443</InstancePort></Listener><PolicyNames/></member>"
          + "</ListenerDescriptions>"
          + "<HealthCheck><Target>SSL:443</Target><Interval>10</Interval><Timeout>5</Timeout>"
          + "<UnhealthyThreshold>2</UnhealthyThreshold><HealthyThreshold>2</HealthyThreshold>"
          + "</HealthCheck><VPCId>vpc-1</VPCId><Instances/>"
          + "<AvailabilityZones><member>us-east-1a</member></AvailabilityZones>"
          + "<Subnets><member>subnet-0a1</member></Subnets>"
          + "<SecurityGroups><member>sg-0b2</member></SecurityGroups>"
          + "<Scheme>internet-facing</Scheme></member>";

  @Test
  void createSendsTheDocumentedFormSignedForElasticLoadBalancing() {
    ClassicElbQueryClient elb =
        client(
            f ->
                ok(
                    "CreateLoadBalancer",
                    "<DNSName>internal-api-1234.us-east-1.elb.amazonaws.com</DNSName>"));
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("KubernetesCluster", "c.example.com");
    tags.put("kubernetes.io/cluster/c.example.com", "owned");
    String dns =
        elb.createLoadBalancer(
            "api-c-example-com-abcdef",
            true,
            List.of(
                new ClassicElb.Listener(
                    "SSL", 443, "SSL", 443, Optional.of("arn:aws:acm:us-east-1:1:certificate/x"))),
            List.of("subnet-0a1", "subnet-0a2"),
            List.of("sg-0b2"),
            tags);
    assertThat(dns).isEqualTo("internal-api-1234.us-east-1.elb.amazonaws.com");

    LocalAwsEndpoint.Request r = requests.get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.authorization())
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/us-east-1/elasticloadbalancing/aws4_request")
        .contains("SignedHeaders=")
        .contains("Signature=");
    assertThat(resign(r)).as("the signature AWS would compute").isEqualTo(r.authorization());
    assertThat(form(r.body()))
        .containsEntry("Action", "CreateLoadBalancer")
        .containsEntry("Version", "2012-06-01")
        .containsEntry("LoadBalancerName", "api-c-example-com-abcdef")
        .containsEntry("Scheme", "internal")
        .containsEntry("Listeners.member.1.Protocol", "SSL")
        .containsEntry("Listeners.member.1.LoadBalancerPort", "443")
        .containsEntry("Listeners.member.1.InstanceProtocol", "SSL")
        .containsEntry("Listeners.member.1.InstancePort", "443")
        .containsEntry(
            "Listeners.member.1.SSLCertificateId", "arn:aws:acm:us-east-1:1:certificate/x")
        .containsEntry("Subnets.member.1", "subnet-0a1")
        .containsEntry("Subnets.member.2", "subnet-0a2")
        .containsEntry("SecurityGroups.member.1", "sg-0b2")
        .containsEntry("Tags.member.1.Key", "KubernetesCluster")
        .containsEntry("Tags.member.1.Value", "c.example.com")
        .containsEntry("Tags.member.2.Key", "kubernetes.io/cluster/c.example.com")
        .containsEntry("Tags.member.2.Value", "owned");
  }

  /**
   * Signs the request as received (method, path, the headers it says it signed, body) with the same
   * key and time, as AWS does to check it: equal only if nothing the signature covers changed on
   * the way (the Host header above all).
   */
  String resign(LocalAwsEndpoint.Request r) {
    String auth = r.authorization();
    String signedHeaders =
        auth.substring(auth.indexOf("SignedHeaders=") + 14, auth.indexOf(", Signature="));
    var request =
        software.amazon.awssdk.http.SdkHttpFullRequest.builder()
            .method(software.amazon.awssdk.http.SdkHttpMethod.fromValue(r.method()))
            .uri(java.net.URI.create(endpoint.uri() + r.pathAndQuery()));
    for (String h : signedHeaders.split(";")) {
      r.headers().entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(h))
          .forEach(e -> request.putHeader(h, e.getValue()));
    }
    java.time.Instant at =
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX")
            .parse(
                r.headers().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("X-Amz-Date"))
                    .findFirst()
                    .orElseThrow()
                    .getValue()
                    .get(0),
                java.time.Instant::from);
    byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
    return software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create()
        .sign(
            s ->
                s.identity(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret"))
                    .request(request.build())
                    .payload(software.amazon.awssdk.http.ContentStreamProvider.fromByteArray(body))
                    .putProperty(
                        software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner
                            .SERVICE_SIGNING_NAME,
                        "elasticloadbalancing")
                    .putProperty(
                        software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME,
                        "us-east-1")
                    .putProperty(
                        software.amazon.awssdk.http.auth.spi.signer.HttpSigner.SIGNING_CLOCK,
                        java.time.Clock.fixed(at, java.time.ZoneOffset.UTC)))
        .request()
        .firstMatchingHeader("Authorization")
        .orElseThrow();
  }

  @Test
  void healthCheckAndAttributesUseTheDocumentedParameters() {
    ClassicElbQueryClient elb = client(f -> ok(f.get("Action"), ""));
    elb.configureHealthCheck("lb", new ClassicElb.HealthCheck("SSL:443", 10, 5, 2, 3));
    elb.modifyLoadBalancerAttributes("lb", new ClassicElb.Attributes(true, 300, 400, true));
    assertThat(form(requests.get(0).body()))
        .containsEntry("Action", "ConfigureHealthCheck")
        .containsEntry("HealthCheck.Target", "SSL:443")
        .containsEntry("HealthCheck.Interval", "10")
        .containsEntry("HealthCheck.Timeout", "5")
        .containsEntry("HealthCheck.HealthyThreshold", "2")
        .containsEntry("HealthCheck.UnhealthyThreshold", "3");
    assertThat(form(requests.get(1).body()))
        .containsEntry("Action", "ModifyLoadBalancerAttributes")
        .containsEntry("LoadBalancerAttributes.ConnectionDraining.Enabled", "true")
        .containsEntry("LoadBalancerAttributes.ConnectionDraining.Timeout", "300")
        .containsEntry("LoadBalancerAttributes.ConnectionSettings.IdleTimeout", "400")
        .containsEntry("LoadBalancerAttributes.CrossZoneLoadBalancing.Enabled", "true");
  }

  @Test
  void readsDescriptionsAcrossPagesAttributesAndTags() {
    ClassicElbQueryClient elb =
        client(
            f ->
                switch (f.get("Action")) {
                  case "DescribeLoadBalancers" ->
                      f.containsKey("Marker")
                          ? ok(
                              "DescribeLoadBalancers",
                              "<LoadBalancerDescriptions>"
                                  + DESCRIPTION.replace("l94cb4<", "second<")
                                  + "</LoadBalancerDescriptions>")
                          : ok(
                              "DescribeLoadBalancers",
                              "<LoadBalancerDescriptions>"
                                  + DESCRIPTION
                                  + "</LoadBalancerDescriptions><NextMarker>m2</NextMarker>");
                  case "DescribeLoadBalancerAttributes" ->
                      ok(
                          "DescribeLoadBalancerAttributes",
                          "<LoadBalancerAttributes><CrossZoneLoadBalancing><Enabled>false</Enabled>"
                              + "</CrossZoneLoadBalancing><ConnectionDraining><Enabled>true"
                              + "</Enabled><Timeout>300</Timeout></ConnectionDraining>"
                              + "<ConnectionSettings><IdleTimeout>300</IdleTimeout>"
                              + "</ConnectionSettings><AccessLog><Enabled>false</Enabled>"
                              + "</AccessLog></LoadBalancerAttributes>");
                  case "DescribeTags" ->
                      ok(
                          "DescribeTags",
                          "<TagDescriptions><member><LoadBalancerName>lb</LoadBalancerName><Tags>"
                              + "<member><Key>Name</Key><Value>api.c</Value></member>"
                              + "<member><Key>empty</Key></member></Tags></member>"
                              + "</TagDescriptions>");
                  default -> error(400, "InvalidAction", "no");
                });
    List<ClassicElb.Description> all = elb.describeLoadBalancers(List.of());
    assertThat(all)
        .extracting(ClassicElb.Description::name)
        .containsExactly("api-privateweave-example--l94cb4", "api-privateweave-example--second");
    ClassicElb.Description d = all.get(0);
    assertThat(d.canonicalHostedZoneId()).isEqualTo("Z35SXDOTRQ7X7K");
    assertThat(d.dnsName()).endsWith(".us-east-1.elb.amazonaws.com");
    assertThat(d.scheme()).isEqualTo("internet-facing");
    assertThat(d.subnets()).containsExactly("subnet-0a1");
    assertThat(d.securityGroups()).containsExactly("sg-0b2");
    assertThat(d.listeners())
        .containsExactly(new ClassicElb.Listener("TCP", 443, "TCP", 443, Optional.empty()));
    assertThat(d.healthCheck()).isEqualTo(new ClassicElb.HealthCheck("SSL:443", 10, 5, 2, 2));
    assertThat(form(requests.get(1).body())).containsEntry("Marker", "m2");

    assertThat(elb.describeLoadBalancerAttributes("lb"))
        .isEqualTo(new ClassicElb.Attributes(true, 300, 300, false));
    assertThat(elb.describeTags(List.of("lb")))
        .containsEntry("lb", new java.util.TreeMap<>(Map.of("Name", "api.c", "empty", "")));
  }

  @Test
  void anUnknownNameIsAnAwsErrorWithItsCodeWhichTheOpsReadAsAbsent() {
    ClassicElbQueryClient elb =
        client(
            f ->
                error(
                    400, "LoadBalancerNotFound", "There is no ACTIVE Load Balancer named 'api-x'"));
    assertThatThrownBy(() -> elb.describeLoadBalancers(List.of("api-x")))
        .isInstanceOf(AwsServiceException.class)
        .satisfies(
            e ->
                assertThat(AwsRetry.code((AwsServiceException) e))
                    .isEqualTo("LoadBalancerNotFound"));
    assertThat(requests).hasSize(1);
    assertThat(form(requests.get(0).body())).containsEntry("LoadBalancerNames.member.1", "api-x");

    AwsContext c =
        new AwsContext(
            LocalAwsEndpoint.onlyClientsAdded().withClassicLoadBalancing(() -> elb),
            new AwsRetry(2, 1, 2, ms -> {}),
            new LiveIds(),
            "c.example.com");
    ClassicLoadBalancer desired =
        new ClassicLoadBalancer(
            "api.c.example.com",
            "api-x",
            false,
            List.of(),
            List.of(),
            List.of(),
            new ClassicElb.HealthCheck("SSL:443", 10, 5, 2, 2),
            new ClassicElb.Attributes(true, 300, 300, false),
            Tags.owned("c.example.com", "api.c.example.com"));
    assertThat(new ClassicElbOps(c).find(desired)).isEmpty();
  }

  @Test
  void throttlingAndServerErrorsAreRetriedByTheSdkStrategyOthersAreNot() {
    int[] calls = {0};
    ClassicElbQueryClient elb =
        client(
            f -> {
              calls[0]++;
              return switch (calls[0]) {
                case 1 -> error(400, "Throttling", "Rate exceeded");
                case 2 -> error(503, "ServiceUnavailable", "try later");
                default -> ok("DeleteLoadBalancer", "");
              };
            });
    elb.deleteLoadBalancer("lb");
    assertThat(calls[0]).isEqualTo(3);

    requests.clear();
    ClassicElbQueryClient refusing =
        client(f -> error(400, "ValidationError", "LoadBalancerName is too long"));
    assertThatThrownBy(() -> refusing.deleteLoadBalancer("x".repeat(40)))
        .isInstanceOf(AwsServiceException.class)
        .hasMessageContaining("ValidationError");
    assertThat(requests).hasSize(1);

    requests.clear();
    ClassicElbQueryClient throttled = client(f -> error(400, "Throttling", "Rate exceeded"));
    assertThatThrownBy(() -> throttled.deleteLoadBalancer("lb"))
        .isInstanceOf(AwsServiceException.class)
        .hasMessageContaining("Throttling");
    assertThat(requests).hasSize(AwsClients.SDK_ATTEMPTS);
  }
}
