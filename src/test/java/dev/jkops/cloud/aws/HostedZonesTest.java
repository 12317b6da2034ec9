package dev.jkops.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jkops.api.ClusterBundle;
import dev.jkops.api.YamlCodec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The hosted zone found by name through the SDK's real Route 53 client: a local endpoint speaks
 * Route 53's REST-XML protocol, so the request's path and query and the XML of the answer (zone ids
 * with {@code /hostedzone/}, names with their final dot, the private flag) are Route 53's own.
 */
class HostedZonesTest {
  private LocalAwsEndpoint endpoint;
  private final List<String> requests = new ArrayList<>();

  static String zone(String id, String name, boolean isPrivate) {
    return "<HostedZone><Id>/hostedzone/"
        + id
        + "</Id><Name>"
        + name
        + "</Name><CallerReference>r-"
        + id
        + "</CallerReference><Config><PrivateZone>"
        + isPrivate
        + "</PrivateZone></Config><ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone>";
  }

  private HostedZones zones(String... hostedZones) throws Exception {
    endpoint =
        LocalAwsEndpoint.start(
            r -> {
              requests.add(
                  r.method() + " " + URLDecoder.decode(r.pathAndQuery(), StandardCharsets.UTF_8));
              return new LocalAwsEndpoint.Answer(
                  200,
                  "text/xml",
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                      + "<ListHostedZonesByNameResponse"
                      + " xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><HostedZones>"
                      + String.join("", hostedZones)
                      + "</HostedZones><DNSName>example.com.</DNSName><IsTruncated>false</IsTruncated>"
                      + "<MaxItems>100</MaxItems></ListHostedZonesByNameResponse>");
            });
    Route53Client route53 = endpoint.client(Route53Client.builder(), Region.AWS_GLOBAL);
    AwsClients clients = LocalAwsEndpoint.onlyClientsAdded().withDns(() -> route53);
    return new HostedZones(clients, new AwsRetry(2, 1, 2, ms -> {}));
  }

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  static AwsCluster cluster(String specLines) throws Exception {
    Path file = AwsCases.dir().resolve("minimal-aws@HEAD").resolve("in-v1alpha2.yaml");
    YamlCodec.Documents docs =
        YamlCodec.read(
            Files.readString(file)
                .replaceFirst("(?m)^  dnsZone: .*\\n", "")
                .replaceFirst("\nspec:\n", "\nspec:\n" + specLines),
            file.toString());
    return AwsCluster.of(new ClusterBundle(docs.clusters().get(0), docs.instanceGroups()));
  }

  @Test
  void aZoneNameIsLookedUpByNameAndThePublicOneKept() throws Exception {
    HostedZones z =
        zones(
            zone("ZPRIV1", "example.com.", true),
            zone("ZPUB1", "example.com.", false),
            zone("ZOTHER", "example.net.", false));
    assertThat(z.resolve(cluster("  dnsZone: example.com\n"))).contains("ZPUB1");
    assertThat(requests)
        .singleElement()
        .isEqualTo("GET /2013-04-01/hostedzonesbyname?dnsname=example.com.");
  }

  @Test
  void aPrivateDnsTopologyKeepsThePrivateZone() throws Exception {
    HostedZones z =
        zones(zone("ZPRIV1", "example.com.", true), zone("ZPUB1", "example.com.", false));
    assertThat(
            z.resolve(
                cluster("  dnsZone: example.com\n  topology:\n    dns:\n      type: Private\n")))
        .contains("ZPRIV1");
  }

  @Test
  void onlyAZoneOfTheOtherKindIsNamedInTheError() throws Exception {
    HostedZones z = zones(zone("ZPRIV1", "example.com.", true));
    // Read before the catch: without kops' cases the test is skipped, not caught.
    AwsCluster c = cluster("  dnsZone: example.com\n");
    AwsException e = catchThrowableOfType(AwsException.class, () -> z.resolve(c));
    assertThat(e.getMessage())
        .startsWith("spec.dnsZone \"example.com\": Route 53 has no public hosted zone")
        .contains("only a private one, ZPRIV1", "spec.topology.dns.type to Private");
  }
}
