package dev.jkops.cloud.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Route 53 records: found by name and type in their zone, created with UPSERT (a record that
 * appeared meanwhile is taken over, not an error, so a rerun after a crash finishes), deleted with
 * exactly what Route 53 holds (its DELETE must name the record's current TTL and values).
 */
final class DnsRecordOps {
  private final AwsContext c;

  /** The cluster's zone and public API name, for listing what it owns; empty: no records. */
  private Optional<String> zoneId = Optional.empty();

  private String publicName = "";

  DnsRecordOps(AwsContext c) {
    this.c = c;
  }

  void zone(Optional<String> zoneId, String publicName) {
    this.zoneId = zoneId;
    this.publicName = publicName;
  }

  private static String dotted(String name) {
    return name.endsWith(".") ? name : name + ".";
  }

  private static String undotted(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  Optional<AwsResource> find(DnsRecord d) {
    return find(d.zoneId(), d.name(), d.type());
  }

  private Optional<AwsResource> find(String zone, String name, String type) {
    var sets =
        c.retry()
            .call(
                "finding Route 53 record " + name + " " + type,
                () ->
                    c.clients()
                        .route53()
                        .listResourceRecordSets(
                            r ->
                                r.hostedZoneId(zone)
                                    .startRecordName(dotted(name))
                                    .startRecordType(type)
                                    .maxItems("1")))
            .resourceRecordSets();
    return sets.stream()
        .filter(s -> dotted(name).equalsIgnoreCase(s.name()) && type.equals(s.typeAsString()))
        .findFirst()
        .map(
            s ->
                new DnsRecord(
                    undotted(s.name()),
                    s.typeAsString(),
                    zone,
                    s.resourceRecords().stream().map(ResourceRecord::value).toList(),
                    s.ttl() == null ? 0 : s.ttl(),
                    Optional.ofNullable(s.aliasTarget())
                        .map(
                            a ->
                                new DnsRecord.Alias(
                                    a.dnsName(),
                                    a.hostedZoneId(),
                                    Boolean.TRUE.equals(a.evaluateTargetHealth()))),
                    Optional.empty()));
  }

  void upsert(DnsRecord d) {
    change(ChangeAction.UPSERT, d, "writing");
  }

  void delete(DnsRecord live) {
    change(ChangeAction.DELETE, live, "deleting");
  }

  private void change(ChangeAction action, DnsRecord r, String verb) {
    ResourceRecordSet.Builder b = ResourceRecordSet.builder().name(dotted(r.name())).type(r.type());
    Optional<DnsRecord.Alias> alias = r.alias().or(() -> r.balancer().map(this::aliasTo));
    if (alias.isPresent()) {
      DnsRecord.Alias a = alias.get();
      b.aliasTarget(
          t ->
              t.dnsName(a.dnsName())
                  .hostedZoneId(a.hostedZoneId())
                  .evaluateTargetHealth(a.evaluateTargetHealth()));
    } else {
      b.ttl(r.ttl())
          .resourceRecords(
              r.values().stream().map(v -> ResourceRecord.builder().value(v).build()).toList());
    }
    ResourceRecordSet set = b.build();
    c.retry()
        .run(
            verb + " Route 53 record " + r.name() + " " + r.type(),
            () ->
                c.clients()
                    .route53()
                    .changeResourceRecordSets(
                        req ->
                            req.hostedZoneId(r.zoneId())
                                .changeBatch(
                                    batch ->
                                        batch
                                            .comment("jkops: cluster " + c.cluster())
                                            .changes(
                                                ch -> ch.action(action).resourceRecordSet(set)))));
  }

  /**
   * The alias target of a load balancer the apply has made: its DNS name and canonical hosted zone,
   * which AWS chooses, read when the record is written (kops: evaluate_target_health false).
   */
  private DnsRecord.Alias aliasTo(DnsRecord.Balancer b) {
    var found =
        c.retry()
            .call(
                "finding load balancer " + b.loadBalancerName() + " for its DNS name",
                () -> c.clients().elbv2().describeLoadBalancers(r -> r.names(b.loadBalancerName())))
            .loadBalancers();
    if (found.isEmpty()) {
      throw new AwsException(
          "load balancer " + b.loadBalancerName() + " was not found for the API's alias records");
    }
    return new DnsRecord.Alias(found.get(0).dnsName(), found.get(0).canonicalHostedZoneId(), false);
  }

  /** The cluster's API records (A and AAAA) in its zone. */
  List<AwsResource> owned() {
    List<AwsResource> out = new ArrayList<>();
    if (zoneId.isEmpty()) {
      return out;
    }
    for (String name : DnsRecords.ownedNames(c.cluster(), publicName)) {
      for (String type : List.of("A", "AAAA")) {
        find(zoneId.get(), name, type).ifPresent(out::add);
      }
    }
    return out;
  }
}
