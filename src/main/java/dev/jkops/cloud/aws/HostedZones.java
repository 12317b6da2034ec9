package dev.jkops.cloud.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.route53.model.HostedZone;

/**
 * Finds the cluster's Route 53 hosted zone as kops does. {@code spec.dnsZone} without a dot is the
 * zone's id; with one it is the zone's name, looked up by name, keeping the private zone for {@code
 * topology.dns.type: Private} and the public one otherwise; unset, the cluster's name and then each
 * parent domain in turn is looked up the same way. A name nothing matches, or more than one zone
 * matches, is an error naming {@code spec.dnsZone} and the fix, raised before anything is changed.
 */
final class HostedZones {
  private final AwsClients clients;
  private final AwsRetry retry;

  HostedZones(AwsClients clients, AwsRetry retry) {
    this.clients = clients;
    this.retry = retry;
  }

  /** The zone's id ({@code Z...}), or empty when the cluster publishes no DNS. */
  Optional<String> resolve(AwsCluster c) {
    if (!DnsRecords.wanted(c)) {
      return Optional.empty();
    }
    Object given = c.spec().extra().get("dnsZone");
    String zone = given == null ? "" : given.toString().trim();
    boolean wantPrivate = DnsRecords.privateZone(c);
    if (zone.isEmpty()) {
      return Optional.of(fromClusterName(c, wantPrivate));
    }
    if (!zone.contains(".")) {
      return Optional.of(byId(zone));
    }
    List<HostedZone> matches = named(zone, wantPrivate);
    if (matches.isEmpty()) {
      List<HostedZone> other = named(zone, !wantPrivate);
      throw new AwsException(
          "spec.dnsZone \""
              + zone
              + "\": Route 53 has no "
              + kind(wantPrivate)
              + " hosted zone named "
              + zone
              + (other.isEmpty()
                  ? ""
                  : " (only a " + kind(!wantPrivate) + " one, " + id(other.get(0)) + ")")
              + "; create it, set spec.dnsZone to an existing zone's name or id (Z...),"
              + (other.isEmpty()
                  ? ""
                  : " set spec.topology.dns.type to " + (wantPrivate ? "Public" : "Private") + ",")
              + " or use a gossip name (.k8s.local)");
    }
    if (matches.size() > 1) {
      throw ambiguous("spec.dnsZone \"" + zone + "\"", zone, matches);
    }
    return Optional.of(id(matches.get(0)));
  }

  /** kops' search when no zone is given: the cluster's name, then each parent domain. */
  private String fromClusterName(AwsCluster c, boolean wantPrivate) {
    String find = c.name();
    while (true) {
      List<HostedZone> matches = named(find, wantPrivate);
      if (matches.size() == 1) {
        return id(matches.get(0));
      }
      if (matches.size() > 1) {
        throw ambiguous(
            "the hosted zone of cluster " + c.name() + " (spec.dnsZone unset)", find, matches);
      }
      int dot = find.indexOf('.');
      if (dot < 0 || find.indexOf('.', dot + 1) < 0) {
        throw new AwsException(
            "spec.dnsZone is unset and Route 53 has no "
                + kind(wantPrivate)
                + " hosted zone for "
                + c.name()
                + " or a parent domain of it; set spec.dnsZone to the zone's name or id (Z...),"
                + " or use a gossip name (.k8s.local)");
      }
      find = find.substring(dot + 1);
    }
  }

  private static AwsException ambiguous(String what, String name, List<HostedZone> matches) {
    return new AwsException(
        what
            + ": "
            + matches.size()
            + " Route 53 hosted zones are named "
            + name
            + " ("
            + String.join(", ", matches.stream().map(HostedZones::id).toList())
            + "); set spec.dnsZone to the id of the one to use");
  }

  private String byId(String zone) {
    String id = zone.startsWith("/hostedzone/") ? zone.substring("/hostedzone/".length()) : zone;
    try {
      retry.call(
          "finding Route 53 hosted zone " + id + " (spec.dnsZone)",
          () -> clients.route53().getHostedZone(r -> r.id(id)));
    } catch (AwsException e) {
      if (e.getCause() instanceof AwsServiceException ase
          && "NoSuchHostedZone".equals(AwsRetry.code(ase))) {
        throw new AwsException(
            "spec.dnsZone \""
                + zone
                + "\": Route 53 has no hosted zone with that id; give an existing zone's id or name",
            e);
      }
      throw e;
    }
    return id;
  }

  /** The zones named exactly {@code name} of the wanted kind (Route 53 lists from that name on). */
  private List<HostedZone> named(String name, boolean wantPrivate) {
    String dotted = name.endsWith(".") ? name : name + ".";
    List<HostedZone> out = new ArrayList<>();
    var page =
        retry.call(
            "finding Route 53 hosted zone " + name + " (spec.dnsZone)",
            () -> clients.route53().listHostedZonesByName(r -> r.dnsName(dotted)));
    for (HostedZone z : page.hostedZones()) {
      boolean isPrivate = z.config() != null && Boolean.TRUE.equals(z.config().privateZone());
      if (dotted.equalsIgnoreCase(z.name()) && isPrivate == wantPrivate) {
        out.add(z);
      }
    }
    return out;
  }

  private static String kind(boolean isPrivate) {
    return isPrivate ? "private" : "public";
  }

  static String id(HostedZone z) {
    String id = z.id();
    return id.startsWith("/hostedzone/") ? id.substring("/hostedzone/".length()) : id;
  }
}
