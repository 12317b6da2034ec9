package dev.jkops.cloud.local.design;

import dev.jkops.api.Ipv6Cidr;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.SourceDestCheckIpv6;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.model.Instance;
import dev.jkops.model.NetworkPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The source/dest check of an IPv6 cluster's instances, for their IPv6 frames (the IPv4 check is
 * part of the instance, {@code LocalInstance.sourceDestCheck}): on where the plan keeps the check
 * on for the instance's role (kops' IPv6 calico), absent where the provider needs it off.
 */
final class SourceDestCheckDesign {
  private SourceDestCheckDesign() {}

  static List<LocalResource> ipv6(ClusterNames names, NetworkPlan plan) {
    List<LocalResource> out = new ArrayList<>();
    for (Instance i : plan.instances()) {
      if (i.ipv6Address() == null || !plan.sourceDestCheck().getOrDefault(i.role(), true)) {
        continue;
      }
      out.add(SourceDestCheckIpv6.of(names, i.name(), own(plan, i)));
    }
    return out;
  }

  /**
   * The instance's IPv6 address and the /80 delegated to it (its pods', routed to it by the VPC
   * with no encapsulation), as AWS counts a delegated prefix as the instance's own.
   */
  static List<String> own(NetworkPlan plan, Instance i) {
    List<String> own = new ArrayList<>();
    own.add(i.ipv6Ip() + "/128");
    Ipv6Cidr prefix = plan.ipam().ipv6NodePrefixes().get(i.name());
    if (prefix != null) {
      own.add(prefix.toString());
    }
    return own;
  }
}
