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

  /**
   * The live record of {@code d}'s name and type. When {@code d} aliases the cluster's load
   * balancer and the live record's alias names that load balancer (its DNS name as AWS describes it
   * now, with or without Route 53's {@code dualstack.} prefix and final dot, in its canonical
   * zone), the live record reads as aliasing it too; an alias to anything else reads as its DNS
   * name, which differs, so the apply writes it back.
   */
  Optional<AwsResource> find(DnsRecord d) {
    Optional<DnsRecord> live = find(d.zoneId(), d.name(), d.type());
    if (live.isPresent() && live.get().alias().isPresent() && d.balancer().isPresent()) {
      DnsRecord.Alias have = live.get().alias().get();
      Optional<DnsRecord.Alias> want = findAlias(d.balancer().get());
      if (want.isPresent() && sameTarget(have, want.get())) {
        return Optional.of(live.get().aliasing(d.balancer().get()));
      }
    }
    return live.map(r -> r);
  }

  /** Route 53 keeps an alias's DNS name with a final dot, and ELB's with {@code dualstack.}. */
  private static boolean sameTarget(DnsRecord.Alias have, DnsRecord.Alias want) {
    return comparable(have.dnsName()).equals(comparable(want.dnsName()))
        && have.hostedZoneId().equals(want.hostedZoneId())
        && have.evaluateTargetHealth() == want.evaluateTargetHealth();
  }

  private static String comparable(String dnsName) {
    String n = undotted(dnsName.toLowerCase(java.util.Locale.ROOT));
    return n.startsWith("dualstack.") ? n.substring("dualstack.".length()) : n;
  }

  private Optional<DnsRecord> find(String zone, String name, String type) {
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
    return findAlias(b)
        .orElseThrow(
            () ->
                new AwsException(
                    "load balancer "
                        + b.loadBalancerName()
                        + " was not found for the API's alias records"));
  }

  /** The alias target of the load balancer, or empty when it does not exist (yet). */
  private Optional<DnsRecord.Alias> findAlias(DnsRecord.Balancer b) {
    if (ClassicLoadBalancer.KIND.equals(b.id().kind())) {
      return findClassicAlias(b);
    }
    List<software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer> found;
    try {
      found =
          c.retry()
              .call(
                  "finding load balancer " + b.loadBalancerName() + " for its DNS name",
                  () ->
                      c.clients().elbv2().describeLoadBalancers(r -> r.names(b.loadBalancerName())))
              .loadBalancers();
    } catch (AwsException e) {
      // ELB answers a name it does not know with an error, not an empty list.
      if (e.getCause() instanceof software.amazon.awssdk.awscore.exception.AwsServiceException ase
          && "LoadBalancerNotFound".equals(AwsRetry.code(ase))) {
        return Optional.empty();
      }
      throw e;
    }
    return found.stream()
        .findFirst()
        .map(lb -> new DnsRecord.Alias(lb.dnsName(), lb.canonicalHostedZoneId(), false));
  }

  /** The alias target of a Classic load balancer: its DNS name and canonical hosted zone id. */
  private Optional<DnsRecord.Alias> findClassicAlias(DnsRecord.Balancer b) {
    try {
      return c
          .retry()
          .call(
              "finding Classic load balancer " + b.loadBalancerName() + " for its DNS name",
              () -> c.clients().classicElb().describeLoadBalancers(List.of(b.loadBalancerName())))
          .stream()
          .findFirst()
          .map(lb -> new DnsRecord.Alias(lb.dnsName(), lb.canonicalHostedZoneId(), false));
    } catch (AwsException e) {
      if (e.getCause() instanceof software.amazon.awssdk.awscore.exception.AwsServiceException ase
          && "LoadBalancerNotFound".equals(AwsRetry.code(ase))) {
        return Optional.empty();
      }
      throw e;
    }
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
