package dev.jkops.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The cluster-wide address ranges: each well-formed, pods and services inside nonMasqueradeCIDR and
 * apart from each other, nonMasqueradeCIDR apart from the VPC, and the components that repeat a
 * range (kube-proxy, kube-controller-manager, kubelet) agreeing with it.
 */
final class NetworkRangeRules {
  private NetworkRangeRules() {}

  /**
   * A fix that passes: a VPC range apart from nonMasqueradeCIDR and the VPC's other ranges (kops'
   * default first), never one that overlaps what it must avoid.
   */
  private static String separateVpc(Cidr nonMasq, List<Cidr> vpc, Cidr overlapping) {
    for (String candidate :
        List.of(ClusterDefaults.DEFAULT_NETWORK_CIDR, "10.0.0.0/16", "192.168.0.0/16")) {
      Cidr c = Cidr.parse(candidate);
      if (!c.overlaps(nonMasq)
          && vpc.stream().filter(v -> v != overlapping).noneMatch(c::overlaps)) {
        return "move the VPC to a range outside "
            + nonMasq
            + " such as "
            + candidate
            + " (with the subnets inside it)";
      }
    }
    return "move the VPC to a range outside " + nonMasq;
  }

  /** The parsed ranges (null where absent or malformed), for the subnet rules. */
  record Ranges(Cidr network, List<Cidr> additional, Cidr nonMasq, Cidr pod, Cidr service) {}

  static Ranges check(ClusterSpec s, List<FieldError> out) {
    Cidr network = parse("spec.networkCIDR", s.networkCIDR(), out);
    if (s.networkCIDR() == null) {
      out.add(
          FieldError.required(
              "spec.networkCIDR",
              s.networkID() != null
                  ? "jkops cannot read the CIDR of the existing VPC "
                      + s.networkID()
                      + " from the cloud; set spec.networkCIDR"
                      + " to that VPC's CIDR"
                  : "set the VPC's address range, e.g. networkCIDR: "
                      + ClusterDefaults.DEFAULT_NETWORK_CIDR));
    }
    List<Cidr> additional = new ArrayList<>();
    List<String> extra =
        s.additionalNetworkCIDRs() == null ? List.of() : s.additionalNetworkCIDRs();
    for (int i = 0; i < extra.size(); i++) {
      String path = "spec.additionalNetworkCIDRs[" + i + "]";
      Cidr c = parse(path, extra.get(i), out);
      if (c == null) {
        continue;
      }
      if (network != null && c.overlaps(network)) {
        out.add(
            FieldError.forbidden(
                path,
                extra.get(i)
                    + " overlaps networkCIDR "
                    + network
                    + "; an additional range must be separate from the VPC's main range"));
      }
      for (Cidr earlier : additional) {
        if (c.overlaps(earlier)) {
          out.add(
              FieldError.forbidden(
                  path,
                  extra.get(i)
                      + " overlaps "
                      + earlier
                      + "; give each additional range"
                      + " its own addresses"));
        }
      }
      additional.add(c);
    }
    boolean ipv6 = s.isIpv6Only();
    if (ipv6) {
      Ipv6Rules.ranges(s, out);
    }
    // An IPv6 cluster's ranges are checked by Ipv6Rules; the IPv4 rules below see none of them.
    Cidr nonMasq = ipv6 ? null : parse("spec.nonMasqueradeCIDR", s.nonMasqueradeCIDR(), out);
    if (nonMasq != null) {
      List<Cidr> vpc = new ArrayList<>(additional);
      if (network != null) {
        vpc.add(0, network);
      }
      for (Cidr v : vpc) {
        if (nonMasq.overlaps(v)) {
          out.add(
              FieldError.forbidden(
                  "spec.nonMasqueradeCIDR",
                  nonMasq
                      + " overlaps the VPC range "
                      + v
                      + (v == network ? " (spec.networkCIDR)" : "")
                      + ": pod and service addresses would shadow"
                      + " machines in the VPC; "
                      + separateVpc(nonMasq, vpc, v)
                      + ", or give nonMasqueradeCIDR a range outside the VPC (with podCIDR and serviceClusterIPRange"
                      + " inside it)"));
        }
      }
    }
    Cidr pod = ipv6 ? null : parse("spec.podCIDR", s.podCIDR(), out);
    Cidr service =
        ipv6 ? null : parse("spec.serviceClusterIPRange", s.serviceClusterIPRange(), out);
    if (nonMasq != null && pod != null && !nonMasq.contains(pod)) {
      out.add(
          FieldError.forbidden(
              "spec.podCIDR",
              pod
                  + " is not inside nonMasqueradeCIDR "
                  + nonMasq
                  + ": pod traffic would be masqueraded; use a podCIDR inside it (kops uses its upper half, "
                  + nonMasq.upperHalf()
                  + ")"));
    }
    if (nonMasq != null && service != null && !nonMasq.contains(service)) {
      out.add(
          FieldError.forbidden(
              "spec.serviceClusterIPRange",
              service
                  + " is not inside nonMasqueradeCIDR "
                  + nonMasq
                  + "; use a range inside it (kops uses its first eighth)"));
    }
    if (pod != null && service != null && pod.overlaps(service)) {
      out.add(
          FieldError.forbidden(
              "spec.serviceClusterIPRange",
              service
                  + " overlaps podCIDR "
                  + pod
                  + ": a service IP could equal a pod IP; give services and pods separate ranges"));
    }
    agrees(
        "spec.kubeProxy.clusterCIDR",
        s.kubeProxy() == null ? null : s.kubeProxy().clusterCIDR(),
        "spec.podCIDR",
        s.podCIDR(),
        out);
    agrees(
        "spec.kubeControllerManager.clusterCIDR",
        s.kubeControllerManager() == null ? null : s.kubeControllerManager().clusterCIDR(),
        "spec.podCIDR",
        s.podCIDR(),
        out);
    agrees(
        "spec.kubelet.nonMasqueradeCIDR",
        s.kubelet() == null ? null : s.kubelet().nonMasqueradeCIDR(),
        "spec.nonMasqueradeCIDR",
        s.nonMasqueradeCIDR(),
        out);
    access("spec.sshAccess", s.sshAccess(), out);
    access("spec.kubernetesApiAccess", s.kubernetesApiAccess(), out);
    return new Ranges(network, additional, nonMasq, pod, service);
  }

  private static void agrees(
      String path, String value, String otherPath, String other, List<FieldError> out) {
    if (value != null && other != null && !Objects.equals(value, other)) {
      out.add(
          FieldError.forbidden(
              path,
              value
                  + " differs from "
                  + otherPath
                  + " "
                  + other
                  + "; remove "
                  + path
                  + " (it is derived) or make it equal"));
    }
  }

  private static void access(String path, List<String> cidrs, List<FieldError> out) {
    if (cidrs == null) {
      return;
    }
    for (int i = 0; i < cidrs.size(); i++) {
      String c = cidrs.get(i);
      if (Cidr.isIpv6(c)) {
        if (!c.matches("^[0-9a-fA-F:]+/\\d{1,3}$")) {
          out.add(
              FieldError.invalid(
                  path + "[" + i + "]",
                  c,
                  "is not an IPv6 CIDR; write it as ::/0 or 2001:db8::/32"));
        }
      } else {
        parse(path + "[" + i + "]", c, out);
      }
    }
  }

  /** The CIDR, or null (with an Invalid error when the text is malformed). */
  static Cidr parse(String path, String text, List<FieldError> out) {
    if (text == null) {
      return null;
    }
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      String fix =
          e.getMessage().contains("did you mean")
              ? ""
              : "; write a CIDR as a.b.c.d/n, e.g. 10.0.0.0/16";
      out.add(FieldError.invalid(path, text, e.getMessage() + fix));
      return null;
    }
  }
}
