package dev.jkops.cloud.aws;

import dev.jkops.tasks.ResourceId;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Route 53 record of the cluster's API in its hosted zone. Route 53 records carry no tags: the
 * cluster's are the ones with its API names ({@link DnsRecords#ownedNames}) in the zone its spec
 * names.
 *
 * <p>Without a load balancer in front of the API, kops creates each name as a placeholder ({@value
 * #PLACEHOLDER_IP}, TTL {@value #PLACEHOLDER_TTL}) that dns-controller later points at the control
 * plane; a placeholder is made only where the name has no record yet and is never changed back, so
 * only its existence is compared, never its addresses.
 *
 * @param name the record's name without Route 53's final dot
 * @param type {@code A} or {@code AAAA}
 * @param zoneId the hosted zone's id ({@code Z...}, without {@code /hostedzone/})
 * @param values the addresses (live: what Route 53 holds, kept so a delete names them exactly)
 * @param ttl seconds (live: what Route 53 holds)
 * @param alias the load balancer an alias record points at (live: what Route 53 holds, kept so a
 *     delete names it exactly)
 * @param balancer the cluster's load balancer the record aliases (desired: whose DNS name and
 *     canonical zone AWS gives when it is made, so they are read when the record is written; live:
 *     set when the record's alias names that load balancer as AWS describes it now)
 */
public record DnsRecord(
    String name,
    String type,
    String zoneId,
    List<String> values,
    long ttl,
    java.util.Optional<Alias> alias,
    java.util.Optional<Balancer> balancer)
    implements AwsResource {

  public static final String KIND = "DNSRecord";

  /** kops' placeholder address (TEST-NET-3, never routed), which dns-controller replaces. */
  public static final String PLACEHOLDER_IP = "203.0.113.123";

  /** kops' placeholder TTL: short, so clients soon see dns-controller's address. */
  public static final long PLACEHOLDER_TTL = 10;

  /** An alias record's target: a load balancer's DNS name and its canonical hosted zone. */
  public record Alias(String dnsName, String hostedZoneId, boolean evaluateTargetHealth) {}

  /** A load balancer of the cluster: its task id and its name in AWS. */
  public record Balancer(ResourceId id, String loadBalancerName) {}

  public DnsRecord {
    values = List.copyOf(values);
  }

  static DnsRecord placeholder(String name, String type, String zoneId) {
    return new DnsRecord(
        name,
        type,
        zoneId,
        List.of(PLACEHOLDER_IP),
        PLACEHOLDER_TTL,
        java.util.Optional.empty(),
        java.util.Optional.empty());
  }

  /** kops' alias record of {@code name} to the cluster's load balancer {@code balancer}. */
  static DnsRecord aliasOf(String name, String type, String zoneId, Balancer balancer) {
    return new DnsRecord(
        name,
        type,
        zoneId,
        List.of(),
        0,
        java.util.Optional.empty(),
        java.util.Optional.of(balancer));
  }

  /** The same live record, read as aliasing the cluster's load balancer {@code b}. */
  DnsRecord aliasing(Balancer b) {
    return new DnsRecord(name, type, zoneId, values, ttl, alias, java.util.Optional.of(b));
  }

  /** Whether the record is (live) or is to be (desired) an alias rather than addresses. */
  boolean isAlias() {
    return alias.isPresent() || balancer.isPresent();
  }

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, name + (type.equals("A") ? "" : "-" + type));
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return balancer.map(b -> Set.of(b.id())).orElse(Set.of());
  }

  @Override
  public SortedMap<String, String> attributes() {
    TreeMap<String, String> a = new TreeMap<>();
    a.put("Name", name);
    a.put("Type", type);
    a.put("HostedZone", zoneId);
    // Addresses are dns-controller's to change, so they are not compared; whether the name is an
    // alias is ours (a placeholder left from before the API had a load balancer becomes its alias),
    // and so is what it aliases: a live alias reads as the cluster's load balancer only when it
    // names that load balancer's DNS name (DnsRecordOps#find), so one changed by hand is put back.
    a.put("Alias", Boolean.toString(isAlias()));
    if (balancer.isPresent()) {
      a.put("AliasTarget", "load balancer " + balancer.get().loadBalancerName());
    } else {
      alias.ifPresent(t -> a.put("AliasTarget", t.dnsName()));
    }
    return a;
  }
}
