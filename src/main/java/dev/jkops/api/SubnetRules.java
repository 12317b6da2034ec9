package dev.jkops.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code spec.subnets}: names unique, types known, each CIDR inside the VPC and clear of the other
 * subnets, the pods and the services; egress only where there is a NAT to replace (Private); a
 * Utility subnet beside every private zone; and the networking modes that need a single route table
 * kept off private topology.
 */
final class SubnetRules {
  private SubnetRules() {}

  static final List<String> TYPES =
      List.of(ClusterSubnet.PUBLIC, ClusterSubnet.PRIVATE, ClusterSubnet.UTILITY);
  private static final Pattern NAME =
      Pattern.compile("^[a-zA-Z0-9]([-a-zA-Z0-9._]{0,61}[a-zA-Z0-9])?$");
  private static final Pattern EGRESS =
      Pattern.compile("^(nat-[0-9a-zA-Z]+|i-[0-9a-zA-Z]+|External)$");

  /**
   * Modes that route pods through the cloud route table (kubenet, classic) or that kops runs with a
   * kubenet-style kubelet and refuses on private topology too (external). kopeio is not here: its
   * VXLAN overlay needs no cloud routes (kops' own private@1.8.0 case uses it).
   */
  static final Set<String> SINGLE_ROUTE_TABLE_MODES = Set.of("kubenet", "classic", "external");

  static void check(ClusterSpec s, NetworkRangeRules.Ranges r, List<FieldError> out) {
    List<ClusterSubnet> subnets = s.subnetsOrEmpty();
    if (subnets.isEmpty()) {
      out.add(
          FieldError.required(
              "spec.subnets",
              "a cluster needs at least one subnet; add one per zone, e.g."
                  + " {name: us-east-1a, zone: us-east-1a, type: Public}"));
      return;
    }
    Set<String> names = new HashSet<>();
    List<Cidr> placed = new ArrayList<>();
    List<String> placedNames = new ArrayList<>();
    for (int i = 0; i < subnets.size(); i++) {
      ClusterSubnet sub = subnets.get(i);
      String p = "spec.subnets[" + i + "]";
      if (sub.name() == null || sub.name().isBlank()) {
        out.add(
            FieldError.required(
                p + ".name", "every subnet needs a name; kops names them after the zone"));
      } else if (!names.add(sub.name())) {
        out.add(
            FieldError.duplicate(
                p + ".name",
                sub.name(),
                "another subnet has this name; rename one"
                    + " (instance groups refer to subnets by name)"));
      } else if (!NAME.matcher(sub.name()).matches()) {
        out.add(
            FieldError.invalid(
                p + ".name",
                sub.name(),
                "subnet names become cloud tags and local namespace"
                    + " names: use letters, digits, '-', '.' and '_' (no spaces, '/' or shell characters), e.g. us-east-1a"));
      }
      if (sub.zone() == null || sub.zone().isBlank()) {
        out.add(
            FieldError.required(
                p + ".zone", "name the zone this subnet lives in, e.g. zone: us-east-1a"));
      }
      if (sub.type() == null) {
        out.add(FieldError.required(p + ".type", "set type to one of " + String.join(", ", TYPES)));
      } else if (!TYPES.contains(sub.type()) && !ClusterSubnet.DUAL_STACK.equals(sub.type())) {
        out.add(
            FieldError.unsupported(
                p + ".type",
                sub.type(),
                "supported values: "
                    + String.join(", ", TYPES)
                    + (s.isIpv6Only() ? ", " + ClusterSubnet.DUAL_STACK : "")));
      }
      if (sub.egress() != null) {
        if (!Ipv6Rules.egressAllowed(sub)) {
          out.add(
              FieldError.forbidden(
                  p + ".egress",
                  "egress is only for Private subnets (it replaces their NAT"
                      + " gateway); remove it from this "
                      + sub.type()
                      + " subnet"));
        } else if (!EGRESS.matcher(sub.egress()).matches()) {
          out.add(
              FieldError.invalid(
                  p + ".egress",
                  sub.egress(),
                  "must be a NAT gateway (nat-...), an instance" + " (i-...) or External"));
        }
      }
      Cidr c = cidr(p, sub, s, out);
      if (c == null) {
        continue;
      }
      inVpc(p + ".cidr", c, r, out);
      for (int j = 0; j < placed.size(); j++) {
        if (c.overlaps(placed.get(j))) {
          out.add(
              FieldError.forbidden(
                  p + ".cidr",
                  c
                      + " overlaps subnet \""
                      + placedNames.get(j)
                      + "\" ("
                      + placed.get(j)
                      + "); give each subnet its own range"));
        }
      }
      clear(p + ".cidr", c, r.pod(), "podCIDR", out);
      clear(p + ".cidr", c, r.service(), "serviceClusterIPRange", out);
      placed.add(c);
      placedNames.add(sub.name());
    }
    privateTopology(s, out);
    Ipv6Rules.subnets(s, out);
  }

  private static Cidr cidr(String p, ClusterSubnet sub, ClusterSpec s, List<FieldError> out) {
    if (sub.cidr() != null) {
      return NetworkRangeRules.parse(p + ".cidr", sub.cidr(), out);
    }
    if (sub.id() == null && !Ipv6Rules.needsNoIpv4Cidr(s, sub)) {
      // Completion carves missing CIDRs; one is missing only when carving failed: say why.
      String why = "set a cidr inside networkCIDR";
      Cidr network = ClusterDefaults.tryParse(s.networkCIDR());
      if (network != null) {
        try {
          SubnetCarver.assign(network, s.subnetsOrEmpty());
        } catch (ApiException e) {
          why = e.getMessage();
        }
      }
      out.add(
          FieldError.required(
              p + ".cidr", "no CIDR could be carved for subnet \"" + sub.name() + "\": " + why));
    }
    return null;
  }

  private static void inVpc(String path, Cidr c, NetworkRangeRules.Ranges r, List<FieldError> out) {
    if (r.network() == null) {
      return;
    }
    if (r.network().contains(c) || r.additional().stream().anyMatch(a -> a.contains(c))) {
      return;
    }
    out.add(
        FieldError.forbidden(
            path,
            c
                + " is not inside networkCIDR "
                + r.network()
                + (r.additional().isEmpty()
                    ? ""
                    : " or any of additionalNetworkCIDRs " + r.additional())
                + "; choose a subnet range inside the VPC, or add its range to additionalNetworkCIDRs"));
  }

  private static void clear(
      String path, Cidr c, Cidr range, String rangeName, List<FieldError> out) {
    if (range != null && c.overlaps(range)) {
      out.add(
          FieldError.forbidden(
              path,
              c
                  + " overlaps "
                  + rangeName
                  + " "
                  + range
                  + ": machine and "
                  + (rangeName.equals("podCIDR") ? "pod" : "service")
                  + " addresses would collide; move the subnet or"
                  + " change "
                  + rangeName));
    }
  }

  private static void privateTopology(ClusterSpec s, List<FieldError> out) {
    Set<String> utilityZones = new HashSet<>();
    Set<String> privateZones = new LinkedHashSet<>();
    for (ClusterSubnet sub : s.subnetsOrEmpty()) {
      if (ClusterSubnet.UTILITY.equals(sub.type())) {
        utilityZones.add(sub.zone());
      } else if (ClusterSubnet.PRIVATE.equals(sub.type()) && sub.zone() != null) {
        privateZones.add(sub.zone());
      }
    }
    for (String zone : privateZones) {
      if (!utilityZones.contains(zone)) {
        out.add(
            FieldError.required(
                "spec.subnets",
                "zone "
                    + zone
                    + " has a Private subnet but no Utility subnet:"
                    + " its NAT gateway and load balancers live there; add {name: utility-"
                    + zone
                    + ", zone: "
                    + zone
                    + ", type: Utility}"));
      }
    }
    NetworkingSpec n = s.networking();
    if (!privateZones.isEmpty() && n != null && SINGLE_ROUTE_TABLE_MODES.contains(n.key())) {
      String why =
          n.key().equals("external")
              ? "external networking runs a kubenet-style kubelet (kops counts it as kubenet) and kops refuses it on"
                  + " private topology: pod routes would have to go in one route table, but private topology has one"
                  + " per zone (a NAT gateway per zone)"
              : n.key()
                  + " routes each node's pods through the cloud route table and needs a single one, but private"
                  + " topology has one route table per zone (a NAT gateway per zone)";
      out.add(
          FieldError.forbidden(
              "spec.networking." + n.key(),
              why
                  + "; use a public topology, or an overlay"
                  + " such as kopeio, flannel, calico, canal or weave"));
    }
  }
}
