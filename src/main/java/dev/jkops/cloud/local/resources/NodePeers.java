package dev.jkops.cloud.local.resources;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * How one node reaches every other node's pod range: routes (direct to a node in the same subnet,
 * or through a VXLAN device), and for VXLAN the static forwarding and neighbour entries for each
 * peer's device. Kept in step with cluster membership: a node added or removed changes every
 * other node's peers, and the engine updates them.
 * The routes carry protocol {@value dev.jkops.cloud.local.kernel.Route#JKOPS_PROTOCOL}, so a later
 * run finds exactly the routes it added.
 */
public record NodePeers(ClusterNames names, String instance, List<Peer> peers) implements LocalResource {
  public static final String KIND = "PodRoutes";

  /**
   * One peer's pod range. {@code vtepMac} and {@code remote} are set when the route goes through
   * the VXLAN device (the peer's device MAC and its node address).
   */
  public record Peer(Cidr range, String via, String dev, boolean onlink, Optional<String> vtepMac,
      Optional<String> remote) {
    public String route() {
      return range + " via " + via + " dev " + dev + (onlink ? " onlink" : "");
    }
  }

  public NodePeers {
    peers = peers.stream().sorted(Comparator.comparing(Peer::range)).toList();
  }

  @Override public ResourceId id() { return new ResourceId(KIND, instance); }

  @Override public Set<ResourceId> dependsOn() {
    return Set.of(Instance.idOf(instance), new ResourceId(NodeVxlan.KIND, instance),
        new ResourceId(NodeBridge.KIND, instance));
  }

  public List<String> fdb() {
    return peers.stream().filter(p -> p.vtepMac().isPresent())
        .map(p -> p.vtepMac().get() + " dst " + p.remote().orElseThrow()).sorted().toList();
  }

  @Override public SortedMap<String, String> attributes() {
    List<String> routes = peers.stream().map(Peer::route).toList();
    return Attributes.of("routes", routes.isEmpty() ? "none" : String.join("; ", routes),
        "vxlanPeers", fdb().isEmpty() ? "none" : String.join("; ", fdb()));
  }
}
