package dev.jkops.api;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Instance groups: names unique and DNS-safe, a known role, subnets that exist in the cluster,
 * sizes with min <= max, and an odd number of control-plane groups (one etcd member each) so that
 * etcd keeps quorum when one is lost. Paths read {@code instanceGroup[<name>].spec.role}.
 */
final class InstanceGroupRules {
  private InstanceGroupRules() {}

  static void check(ClusterBundle bundle, ClusterSpec s, List<FieldError> out) {
    List<InstanceGroup> groups = bundle.instanceGroups();
    Set<String> subnetNames =
        s == null
            ? Set.of()
            : s.subnetsOrEmpty().stream().map(ClusterSubnet::name).collect(Collectors.toSet());
    Set<String> names = new HashSet<>();
    for (int i = 0; i < groups.size(); i++) {
      InstanceGroup ig = groups.get(i);
      String p = "instanceGroup[" + (ig.name() == null ? String.valueOf(i) : ig.name()) + "]";
      if (ig.name() == null || ig.name().isBlank()) {
        out.add(
            FieldError.required(
                p + ".metadata.name", "every instance group needs a name, e.g. nodes-us-east-1a"));
      } else {
        if (!names.add(ig.name())) {
          out.add(
              FieldError.duplicate(
                  p + ".metadata.name",
                  ig.name(),
                  "another instance group has this" + " name; rename one"));
        }
        ClusterNameRules.problems(p + ".metadata.name", ig.name()).forEach(out::add);
      }
      String label =
          ig.metadata() == null || ig.metadata().labels() == null
              ? null
              : ig.metadata().labels().get(InstanceGroup.CLUSTER_LABEL);
      if (label != null && bundle.name() != null && !label.equals(bundle.name())) {
        out.add(
            FieldError.invalid(
                p + ".metadata.labels[" + InstanceGroup.CLUSTER_LABEL + "]",
                label,
                "names another cluster than " + bundle.name() + "; set it to " + bundle.name()));
      }
      spec(p + ".spec", ig.spec(), subnetNames, out);
    }
    long controlPlanes =
        groups.stream().filter(g -> g.spec() != null && g.spec().isControlPlane()).count();
    if (!groups.isEmpty() && controlPlanes == 0) {
      out.add(
          FieldError.required(
              "instanceGroups",
              "no instance group has role Master; add a control-plane group"
                  + " such as control-plane-<zone> with role: Master"));
    } else if (controlPlanes % 2 == 0 && controlPlanes > 0) {
      out.add(
          FieldError.forbidden(
              "instanceGroups",
              controlPlanes
                  + " control-plane groups make "
                  + controlPlanes
                  + " etcd members, an even number: etcd needs a majority, so "
                  + controlPlanes
                  + " members survive no more"
                  + " failures than "
                  + (controlPlanes - 1)
                  + "; use an odd number (1, 3 or 5) of control-plane zones or"
                  + " groups (--control-plane-zones / --control-plane-count)"));
    }
  }

  private static void spec(
      String p, InstanceGroupSpec spec, Set<String> subnetNames, List<FieldError> out) {
    if (spec == null) {
      out.add(
          FieldError.required(
              p, "an instance group needs a spec with role, subnets, minSize and maxSize"));
      return;
    }
    if (spec.role() == null) {
      out.add(
          FieldError.required(
              p + ".role", "set role to one of " + String.join(", ", InstanceGroupSpec.ROLES)));
    } else if (!InstanceGroupSpec.ROLES.contains(spec.role())) {
      out.add(
          FieldError.unsupported(
              p + ".role",
              spec.role(),
              "supported values: " + String.join(", ", InstanceGroupSpec.ROLES)));
    }
    if (spec.subnetsOrEmpty().isEmpty()) {
      out.add(
          FieldError.required(
              p + ".subnets", "name at least one of the cluster's subnets " + sorted(subnetNames)));
    }
    for (int i = 0; i < spec.subnetsOrEmpty().size(); i++) {
      String sub = spec.subnetsOrEmpty().get(i);
      if (!subnetNames.contains(sub)) {
        out.add(
            FieldError.notFound(
                p + ".subnets[" + i + "]",
                sub,
                "the cluster has no such subnet; use one of " + sorted(subnetNames)));
      }
    }
    if (spec.minSize() != null && spec.minSize() < 0) {
      out.add(FieldError.invalid(p + ".minSize", spec.minSize(), "must be 0 or more"));
    }
    if (spec.maxSize() != null && spec.maxSize() < 0) {
      out.add(FieldError.invalid(p + ".maxSize", spec.maxSize(), "must be 0 or more"));
    }
    if (spec.minSize() != null && spec.maxSize() != null && spec.minSize() > spec.maxSize()) {
      out.add(
          FieldError.invalid(
              p + ".minSize",
              spec.minSize(),
              "is greater than maxSize " + spec.maxSize() + "; raise maxSize or lower minSize"));
    }
  }

  private static List<String> sorted(Set<String> names) {
    // a subnet without a name is reported by SubnetRules; here it must not break the sort
    return names.stream().filter(java.util.Objects::nonNull).sorted().toList();
  }
}
