package dev.jkops.cloud.aws.fake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.*;

/**
 * Route 53 hosted zones and their records. The account starts with kops' test zone, public {@code
 * example.com} ({@value #KOPS_TEST_ZONE}), as kops' own harness has it. A DELETE must name the
 * record exactly as it is, as Route 53 requires.
 */
public final class FakeRoute53 implements Route53Client {
  public static final String KOPS_TEST_ZONE = "Z1AFAKE1ZON3YO";

  private final FakeAws aws;

  /** Zones by id. */
  public final Map<String, HostedZone> zones = new LinkedHashMap<>();

  /** Records by zone id, then by "name type" (name with its final dot). */
  public final Map<String, Map<String, ResourceRecordSet>> records = new LinkedHashMap<>();

  FakeRoute53(FakeAws aws) {
    this.aws = aws;
    addZone(KOPS_TEST_ZONE, "example.com", false);
  }

  /** Adds a hosted zone, as a test's account would have it. */
  public FakeRoute53 addZone(String id, String name, boolean isPrivate) {
    zones.put(
        id,
        HostedZone.builder()
            .id("/hostedzone/" + id)
            .name(name.endsWith(".") ? name : name + ".")
            .config(HostedZoneConfig.builder().privateZone(isPrivate).build())
            .build());
    records.put(id, new TreeMap<>());
    return this;
  }

  private static String bare(String id) {
    return id.startsWith("/hostedzone/") ? id.substring("/hostedzone/".length()) : id;
  }

  private Map<String, ResourceRecordSet> zone(String id) {
    Map<String, ResourceRecordSet> z = records.get(bare(id));
    if (z == null) {
      throw FakeAws.error("NoSuchHostedZone", "No hosted zone found with ID: " + bare(id), 404);
    }
    return z;
  }

  @Override
  public GetHostedZoneResponse getHostedZone(GetHostedZoneRequest r) {
    aws.call("getHostedZone");
    zone(r.id());
    return GetHostedZoneResponse.builder().hostedZone(zones.get(bare(r.id()))).build();
  }

  @Override
  public ListHostedZonesByNameResponse listHostedZonesByName(ListHostedZonesByNameRequest r) {
    aws.call("listHostedZonesByName");
    String from = r.dnsName() == null ? "" : r.dnsName();
    List<HostedZone> out =
        zones.values().stream()
            .filter(z -> z.name().compareTo(from) >= 0)
            .sorted(Comparator.comparing(HostedZone::name))
            .toList();
    return ListHostedZonesByNameResponse.builder()
        .hostedZones(out)
        .isTruncated(false)
        .dnsName(r.dnsName())
        .maxItems("100")
        .build();
  }

  @Override
  public ListResourceRecordSetsResponse listResourceRecordSets(ListResourceRecordSetsRequest r) {
    aws.call("listResourceRecordSets");
    String from =
        r.startRecordName()
            + " "
            + (r.startRecordType() == null ? "" : r.startRecordTypeAsString());
    int max = r.maxItems() == null ? 300 : Integer.parseInt(r.maxItems());
    List<ResourceRecordSet> out = new ArrayList<>();
    for (var e : zone(r.hostedZoneId()).entrySet()) {
      if (e.getKey().compareTo(from) >= 0 && out.size() < max) {
        out.add(e.getValue());
      }
    }
    return ListResourceRecordSetsResponse.builder()
        .resourceRecordSets(out)
        .isTruncated(false)
        .maxItems(String.valueOf(max))
        .build();
  }

  @Override
  public ChangeResourceRecordSetsResponse changeResourceRecordSets(
      ChangeResourceRecordSetsRequest r) {
    aws.call("changeResourceRecordSets");
    Map<String, ResourceRecordSet> z = zone(r.hostedZoneId());
    for (Change c : r.changeBatch().changes()) {
      ResourceRecordSet s = c.resourceRecordSet();
      String key = s.name() + " " + s.typeAsString();
      switch (c.action()) {
        case CREATE -> {
          if (z.containsKey(key)) {
            throw FakeAws.error(
                "InvalidChangeBatch", "Tried to create " + key + " but it already exists", 400);
          }
          z.put(key, s);
        }
        case UPSERT -> z.put(key, s);
        case DELETE -> {
          if (!s.equals(z.get(key))) {
            throw FakeAws.error(
                "InvalidChangeBatch",
                "Tried to delete " + key + " but it was not found or its values did not match",
                400);
          }
          z.remove(key);
        }
        default -> throw FakeAws.error("InvalidInput", "unknown action", 400);
      }
    }
    return ChangeResourceRecordSetsResponse.builder()
        .changeInfo(ChangeInfo.builder().id("/change/C1").status(ChangeStatus.PENDING).build())
        .build();
  }

  @Override
  public String serviceName() {
    return "route53";
  }

  @Override
  public void close() {}
}
