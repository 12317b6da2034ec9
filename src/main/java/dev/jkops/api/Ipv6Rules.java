package dev.jkops.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kops' rules for IPv6 clusters ({@code nonMasqueradeCIDR: ::/0}) and for subnets' {@code
 * ipv6CIDR}, with kops' messages where kops has one: which providers may run IPv6, {@code ::/0} as
 * the only IPv6 nonMasqueradeCIDR, the {@code ipv6CIDR} forms, DualStack subnets only in IPv6
 * clusters. Both clouds build IPv6-only subnets (an {@code ipv6CIDR} and no {@code cidr}), whose
 * instances have an IPv6 address only.
 */
final class Ipv6Rules {
  private Ipv6Rules() {}

  static final String IPV6_NON_MASQUERADE_CIDR = "::/0";

  /** The providers that run IPv6 pods (kops' IPv6 cases use them), plus a CNI the user installs. */
  static final Set<String> IPV6_PROVIDERS = Set.of("calico", "cilium", "kindnet", "cni");

  /** kops' own words where kops forbids a provider on IPv6. */
  private static final Map<String, String> KOPS_REFUSALS =
      Map.of(
          "kubenet", "Kubenet does not support IPv6",
          "kopeio", "Kopeio does not support IPv6",
          "kuberouter", "kube-router does not support IPv6",
          "amazonvpc", "amazon-vpc-routed-eni networking does not support IPv6",
          "flannel", "Flannel does not support IPv6",
          "gce", "GCP networking does not support IPv6");

  /** nonMasqueradeCIDR, podCIDR and serviceClusterIPRange of a cluster whose nonMasq is IPv6. */
  static void ranges(ClusterSpec s, List<FieldError> out) {
    String nonMasq = s.nonMasqueradeCIDR();
    Ipv6Cidr parsed = parse("spec.nonMasqueradeCIDR", nonMasq, out);
    if (parsed != null && !IPV6_NON_MASQUERADE_CIDR.equals(nonMasq.strip())) {
      out.add(
          FieldError.forbidden(
              "spec.nonMasqueradeCIDR", "IPv6 clusters must have a nonMasqueradeCIDR of \"::/0\""));
    }
    sameFamily("spec.podCIDR", s.podCIDR(), out);
    sameFamily("spec.serviceClusterIPRange", s.serviceClusterIPRange(), out);
  }

  private static void sameFamily(String path, String text, List<FieldError> out) {
    if (text == null) {
      return;
    }
    if (!Cidr.isIpv6(text)) {
      out.add(
          FieldError.invalid(
              path,
              text,
              "is an IPv4 range, but nonMasqueradeCIDR ::/0 makes this an IPv6 cluster; use an"
                  + " IPv6 range (kops gives services "
                  + ClusterDefaults.IPV6_SERVICE_CLUSTER_IP_RANGE
                  + ") or remove it"));
      return;
    }
    parse(path, text, out);
  }

  /** The networking option: only providers that run IPv6, in the IPv6 mode they need. */
  static void networking(ClusterSpec s, List<FieldError> out) {
    NetworkingSpec n = s.networking();
    if (n == null || !s.isIpv6Only()) {
      return;
    }
    String p = "spec.networking." + n.key();
    if (!IPV6_PROVIDERS.contains(n.key())) {
      String why = KOPS_REFUSALS.getOrDefault(n.key(), n.key() + " does not support IPv6");
      out.add(
          FieldError.forbidden(
              n.key().equals("flannel") || n.key().equals("gce") ? "spec.networking" : p,
              why + "; IPv6 clusters run calico, cilium or kindnet"));
      return;
    }
    if (n instanceof NetworkingSpec.Calico c
        && c.encapsulationMode() != null
        && !"none".equals(c.encapsulationMode())) {
      out.add(
          FieldError.forbidden(
              p + ".encapsulationMode", "IPv6 requires an encapsulationMode of \"none\""));
    }
    if (n instanceof NetworkingSpec.Cilium c && NetworkingSpec.Cilium.IPAM_ENI.equals(c.ipam())) {
      out.add(FieldError.forbidden(p + ".ipam", "Cilium ENI IPAM does not support IPv6"));
    }
  }

  /**
   * Each subnet's ipv6CIDR: a block or kops' {@code /N#hex}, clear of the service range and of the
   * other subnets; DualStack only in IPv6 clusters.
   */
  static void subnets(ClusterSpec s, List<FieldError> out) {
    List<ClusterSubnet> subnets = s.subnetsOrEmpty();
    Ipv6Cidr service =
        Cidr.isIpv6(s.serviceClusterIPRange()) ? quietly(s.serviceClusterIPRange()) : null;
    List<Ipv6Cidr> placed = new ArrayList<>();
    List<String> placedNames = new ArrayList<>();
    for (int i = 0; i < subnets.size(); i++) {
      ClusterSubnet sub = subnets.get(i);
      String p = "spec.subnets[" + i + "]";
      if (ClusterSubnet.DUAL_STACK.equals(sub.type()) && !s.isIpv6Only()) {
        out.add(
            FieldError.forbidden(
                p + ".type", "subnet type DualStack may only be used in IPv6 clusters"));
      }
      String v6 = sub.ipv6CIDR();
      if (v6 == null) {
        continue;
      }
      String path = p + ".ipv6CIDR";
      if (Ipv6Cidr.isRelative(v6)) {
        try {
          Ipv6Cidr.Relative r = Ipv6Cidr.parseRelative(v6);
          if (r.size() < 0 || r.size() > 128) {
            out.add(
                FieldError.invalid(
                    path, v6, "IPv6 CIDR subnet size must be a value between 0 and 128"));
          }
        } catch (IllegalArgumentException e) {
          out.add(
              FieldError.invalid(path, v6, "IPv6 CIDR subnet is not parsable: " + e.getMessage()));
        }
        continue;
      }
      if (!Cidr.isIpv6(v6)) {
        out.add(FieldError.invalid(path, v6, "Network is not an IPv6 CIDR"));
        continue;
      }
      Ipv6Cidr c = parse(path, v6, out);
      if (c == null) {
        continue;
      }
      if (service != null && c.overlaps(service)) {
        out.add(
            FieldError.forbidden(
                path,
                "ipv6CIDR \""
                    + v6
                    + "\" must not overlap serviceClusterIPRange \""
                    + service
                    + "\""));
      }
      for (int j = 0; j < placed.size(); j++) {
        if (c.overlaps(placed.get(j))) {
          out.add(
              FieldError.forbidden(
                  path,
                  c
                      + " overlaps subnet \""
                      + placedNames.get(j)
                      + "\" ("
                      + placed.get(j)
                      + "); give each subnet its own range"));
        }
      }
      placed.add(c);
      placedNames.add(sub.name());
    }
  }

  /**
   * kops: an IPv6 cluster's subnet with an ipv6CIDR needs no IPv4 cidr (IPv6-only private subnets
   * have none).
   */
  static boolean needsNoIpv4Cidr(ClusterSpec s, ClusterSubnet sub) {
    return s.isIpv6Only() && sub.ipv6CIDR() != null;
  }

  /**
   * kops lets egress replace the NAT of a Private or DualStack subnet, and the egress-only gateway
   * of an IPv6-capable Public one.
   */
  static boolean egressAllowed(ClusterSubnet sub) {
    return ClusterSubnet.PRIVATE.equals(sub.type())
        || ClusterSubnet.DUAL_STACK.equals(sub.type())
        || (ClusterSubnet.PUBLIC.equals(sub.type()) && sub.ipv6CIDR() != null);
  }

  private static Ipv6Cidr quietly(String text) {
    try {
      return Ipv6Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Ipv6Cidr parse(String path, String text, List<FieldError> out) {
    if (text == null) {
      return null;
    }
    try {
      return Ipv6Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      String fix =
          e.getMessage().contains("did you mean")
              ? ""
              : "; write an IPv6 CIDR as 2001:db8::/n, e.g. ::/0";
      out.add(FieldError.invalid(path, text, e.getMessage() + fix));
      return null;
    }
  }
}
