package dev.jkops.cloud.local.design;

import dev.jkops.cloud.local.resources.InstanceFirewall;
import dev.jkops.cloud.local.resources.LocalResource;
import dev.jkops.cloud.local.resources.NodePeers;
import dev.jkops.cloud.local.resources.PeerList;
import dev.jkops.cloud.local.vpc.SecurityGroupRuleset.Ingress;
import dev.jkops.cloud.local.vpc.SourceList;
import dev.jkops.tasks.Action;
import dev.jkops.tasks.DryRun;
import dev.jkops.tasks.Plan;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dry run's second half on the local cloud: each security group's member list and each peer
 * list, printed once, which the instances' {@code SecurityGroupRules} and nodes' {@code PodRoutes}
 * in the dry run above give only as a count and a digest. Printing them per instance would repeat
 * every member n times (77 MB of text at 1000 nodes).
 */
public final class SharedLists {
  private SharedLists() {}

  /**
   * kops' dry run of the plan, with the shared lists before its closing "Must specify --yes" line.
   */
  public static String dryRun(Plan<LocalResource> plan) {
    String text = DryRun.render(plan);
    String shared = render(plan);
    int last = text.lastIndexOf("Must specify --yes");
    return shared.isEmpty() || last < 0
        ? text
        : text.substring(0, last) + shared + text.substring(last);
  }

  /** The lists the plan's creates and modifies refer to, or "" when they refer to none. */
  public static String render(Plan<LocalResource> plan) {
    Map<String, SourceList> groups = new LinkedHashMap<>();
    Map<String, PeerList> peers = new LinkedHashMap<>();
    for (Action<LocalResource> a : plan.changes()) {
      LocalResource r =
          a instanceof Action.Create<LocalResource> c
              ? c.desired()
              : a instanceof Action.Modify<LocalResource> m ? m.desired() : null;
      if (r instanceof InstanceFirewall f) {
        for (Ingress in : f.ingress()) {
          if (in.sources().isGroup()) {
            groups.putIfAbsent(in.sources().name() + "@" + in.sources().digest(), in.sources());
          }
        }
      } else if (r instanceof NodePeers p && p.own().isPresent()) {
        // keyed by content too: while a switch is rolled, each configuration has its own lists per
        // subnet
        p.lists().forEach(l -> peers.putIfAbsent(l.name() + "@" + l.sum(), l));
      }
    }
    if (groups.isEmpty() && peers.isEmpty()) {
      return "";
    }
    StringBuilder sb =
        new StringBuilder(
            "Shared lists (each SecurityGroupRules above admits the members of the groups"
                + " its rules name; each PodRoutes holds the peer lists of its subnet and of the other subnets, less its own"
                + " range; both give a count and a digest of what they hold):\n");
    groups
        .values()
        .forEach(
            g ->
                sb.append("  SecurityGroupMembers/")
                    .append(g.name())
                    .append('\n')
                    .append("  \tdigest \t")
                    .append(g.digest())
                    .append('\n')
                    .append("  \tmembers\t")
                    .append(g.addresses().isEmpty() ? "none" : String.join(", ", g.addresses()))
                    .append("\n\n"));
    for (PeerList l : peers.values()) {
      List<String> fdb =
          l.peers().stream()
              .filter(p -> p.vtepMac().isPresent())
              .map(p -> p.vtepMac().get() + " dst " + p.remote().orElseThrow())
              .toList();
      sb.append("  PeerList/")
          .append(l.name())
          .append('\n')
          .append("  \tdigest    \t")
          .append(HexFormat.of().toHexDigits(l.sum()))
          .append('\n')
          .append("  \troutes    \t")
          .append(l.peers().stream().map(NodePeers.Peer::route).collect(Collectors.joining("; ")))
          .append('\n')
          .append("  \tvxlanPeers\t")
          .append(fdb.isEmpty() ? "none" : String.join("; ", fdb))
          .append("\n\n");
    }
    return sb.toString();
  }
}
