package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * kops' image forms resolved through the SDK's real pipeline: a local HTTP endpoint speaks EC2's
 * query protocol, the real {@link Ec2Client} sends DescribeImages as EC2 receives it (the owner
 * alias already an account id, the name as a filter) and parses EC2's XML answers, pages included.
 */
class AmiResolverTest {
  private static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
  private LocalAwsEndpoint endpoint;
  private final List<String> requests = new ArrayList<>();

  private AmiResolver resolver(Function<String, String> answer) throws Exception {
    endpoint =
        LocalAwsEndpoint.start(
            r -> {
              String form = URLDecoder.decode(r.body(), StandardCharsets.UTF_8);
              requests.add(form);
              return LocalAwsEndpoint.Answer.xml(200, answer.apply(form));
            });
    Ec2Client ec2 = endpoint.client(Ec2Client.builder(), Region.US_EAST_1);
    return new AmiResolver(ec2, new AwsRetry(2, 1, 2, ms -> {}));
  }

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  static String images(String nextToken, String... idAndDate) {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < idAndDate.length; i += 2) {
      items
          .append("<item><imageId>")
          .append(idAndDate[i])
          .append("</imageId><name>n</name><creationDate>")
          .append(idAndDate[i + 1])
          .append("</creationDate><ownerId>099720109477</ownerId></item>");
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeImagesResponse xmlns=\""
        + EC2_NS
        + "\"><requestId>r</requestId><imagesSet>"
        + items
        + "</imagesSet>"
        + (nextToken == null ? "" : "<nextToken>" + nextToken + "</nextToken>")
        + "</DescribeImagesResponse>";
  }

  @Test
  void anAliasedOwnerAndNameResolvesToTheNewestImageAcrossPages() throws Exception {
    String name = "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*";
    AmiResolver r =
        resolver(
            form ->
                form.contains("NextToken=page2")
                    ? images(null, "ami-0000000000000newest", "2025-06-10T12:00:00.000Z")
                    : images(
                        "page2",
                        "ami-00000000000000older",
                        "2024-01-01T00:00:00.000Z",
                        "ami-0000000000000middle",
                        "2025-01-01T00:00:00.000Z"));
    assertThat(r.resolve("ubuntu/" + name, "spec.image of instance group nodes"))
        .isEqualTo("ami-0000000000000newest");
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0))
        .contains("Action=DescribeImages")
        .contains("Owner.1=099720109477")
        .contains("Filter.1.Name=name")
        .contains("Filter.1.Value.1=" + name);
    r.resolve("ubuntu/" + name, "spec.image of instance group nodes");
    assertThat(requests).as("resolved once per run").hasSize(2);
  }

  @Test
  void aBareNameIsLookedUpAmongTheAccountsOwnImagesAndAnAccountIdIsKept() throws Exception {
    AmiResolver r =
        resolver(form -> images(null, "ami-0123456789abcdef0", "2025-01-01T00:00:00.000Z"));
    r.resolve("my-golden-image", "spec.image");
    r.resolve("123456789012/their-image", "spec.image");
    assertThat(requests.get(0)).contains("Owner.1=self", "Filter.1.Value.1=my-golden-image");
    assertThat(requests.get(1)).contains("Owner.1=123456789012", "Filter.1.Value.1=their-image");
  }

  @Test
  void anAmiIdIsUsedAsGivenAndAMissingImageNamesTheFieldAndTheOwner() throws Exception {
    AmiResolver r = resolver(form -> images(null));
    assertThat(r.resolve("ami-0abcdef0123456789", "spec.image")).isEqualTo("ami-0abcdef0123456789");
    assertThat(requests).isEmpty();
    AwsException missing =
        catchThrowableOfType(
            AwsException.class,
            () -> r.resolve("redhat/RHEL-9.4*", "spec.image of instance group nodes-us-east-1a"));
    assertThat(missing.getMessage())
        .startsWith("spec.image of instance group nodes-us-east-1a: could not find image")
        .contains("owner 309956199498", "name RHEL-9.4*");
  }

  /**
   * A resolver whose SSM client is the SDK's real one against a local endpoint speaking SSM's JSON
   * protocol: {@code answer} maps the GetParameter body to a status and a JSON answer.
   */
  private AmiResolver ssmResolver(Function<String, String[]> answer) throws Exception {
    endpoint =
        LocalAwsEndpoint.start(
            r -> {
              requests.add(r.target() + " " + r.body());
              String[] reply = answer.apply(r.body());
              return new LocalAwsEndpoint.Answer(
                  Integer.parseInt(reply[0]), "application/x-amz-json-1.1", reply[1]);
            });
    SsmClient ssm = endpoint.client(SsmClient.builder(), Region.US_EAST_1);
    Ec2Client unused =
        Ec2Client.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create("http://127.0.0.1:1"))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    return new AmiResolver(unused, () -> ssm, new AwsRetry(2, 1, 2, ms -> {}));
  }

  static final String CANONICAL =
      "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id";

  @Test
  void anSsmParameterIsReadWithGetParameterAndItsAmiIdUsed() throws Exception {
    AmiResolver r =
        ssmResolver(
            body ->
                new String[] {
                  "200",
                  "{\"Parameter\":{\"Name\":\""
                      + CANONICAL
                      + "\",\"Type\":\"String\",\"Value\":\"ami-0ssm1234\",\"Version\":3}}"
                });
    assertThat(r.resolve("ssm:" + CANONICAL, "spec.image")).isEqualTo("ami-0ssm1234");
    assertThat(requests)
        .singleElement()
        .asString()
        .startsWith("AmazonSSM.GetParameter ")
        .contains("\"Name\":\"" + CANONICAL + "\"");
  }

  @Test
  void aMissingSsmParameterFailsNamingTheFieldAndTheParameter() throws Exception {
    AmiResolver r =
        ssmResolver(
            body -> new String[] {"400", "{\"__type\":\"ParameterNotFound\",\"message\":\"\"}"});
    AwsException e =
        catchThrowableOfType(
            AwsException.class, () -> r.resolve("ssm:/no/such/parameter", "spec.image"));
    assertThat(e.getMessage())
        .startsWith("spec.image: ")
        .contains("SSM has no parameter /no/such/parameter", "ami-");
  }

  @Test
  void anSsmParameterHoldingNoAmiIdIsRefused() throws Exception {
    AmiResolver r =
        ssmResolver(
            body ->
                new String[] {
                  "200", "{\"Parameter\":{\"Name\":\"/p\",\"Type\":\"String\",\"Value\":\"hello\"}}"
                });
    AwsException e =
        catchThrowableOfType(AwsException.class, () -> r.resolve("ssm:/p", "spec.image"));
    assertThat(e.getMessage()).startsWith("spec.image: ").contains("not an AMI id");
  }
}
