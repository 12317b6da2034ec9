package dev.jkops.cloud.local.resources;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.runtime.ClusterNames;
import dev.jkops.tasks.ResourceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * How one node reaches every other node's pod range: routes (direct to a node in the same subnet,
 * or through a VXLAN device), and for VXLAN the static forwarding and neighbour entries for each
 * peer's device. Kept in step with cluster membership: a node added or removed changes every other
 * node's peers, and the engine updates them. The routes carry protocol {@value
 * dev.jkops.cloud.local.kernel.KernelRoute#JKOPS_PROTOCOL}, so a later run finds exactly the routes
 * it added. The design's nodes share their {@link PeerList}s (one per subnet and kind) and each
 * skips its own range, so n nodes hold n references, not n copies; the kernel still gets each node
 * its own routes.
 *
 * @param lists the peer lists this node routes to
 * @param own the node's own pod range, skipped in every list (empty when read back from the kernel)
 */
public record NodePeers(
    ClusterNames names, String instance, List<PeerList> lists, Optional<Cidr> own)
    implements LocalResource {
  public static final String KIND = "PodRoutes";

  /**
   * One peer's pod range. {@code vtepMac} and {@code remote} are set when the route goes through
   * the VXLAN device (the peer's device MAC and its node address).
   */
  public record Peer(
      Cidr range,
      String via,
      String dev,
      boolean onlink,
      Optional<String> vtepMac,
      Optional<String> remote) {
    public String route() {
      return range + " via " + via + " dev " + dev + (onlink ? " onlink" : "");
    }
  }

  public NodePeers {
    lists = List.copyOf(lists);
  }

  /** A node's peers as a list of its own: what is read back from its namespace. */
  public NodePeers(ClusterNames names, String instance, List<Peer> peers) {
    this(names, instance, List.of(PeerList.of(instance, peers)), Optional.empty());
  }

  @Override
  public ResourceId id() {
    return new ResourceId(KIND, instance);
  }

  @Override
  public Set<ResourceId> dependsOn() {
    return Set.of(
        LocalInstance.idOf(instance),
        new ResourceId(NodeVxlan.KIND, instance),
        new ResourceId(NodeBridge.KIND, instance));
  }

  /**
   * Every peer, sorted by range, this node's own left out: a fresh list, for applying to the
   * kernel.
   */
  public List<Peer> peers() {
    List<Peer> out = new ArrayList<>();
    for (PeerList l : lists) {
      for (Peer p : l.peers()) {
        if (own.isEmpty() || !p.range().equals(own.get())) {
          out.add(p);
        }
      }
    }
    out.sort(Comparator.comparing(Peer::range));
    return out;
  }

  private List<Peer> ownEntries() {
    return own.map(r -> lists.stream().flatMap(l -> l.find(r).stream()).toList()).orElse(List.of());
  }

  /** How many routes the node gets. */
  public int routes() {
    return lists.stream().mapToInt(l -> l.peers().size()).sum() - ownEntries().size();
  }

  /** How many VXLAN forwarding entries the node gets. */
  public int vxlanPeers() {
    return lists.stream().mapToInt(PeerList::vxlanPeers).sum()
        - (int) ownEntries().stream().filter(p -> p.vtepMac().isPresent()).count();
  }

  /** A hash of every route and forwarding entry: its lists' sums less its own entry's hash. */
  public String digest() {
    long sum = lists.stream().mapToLong(PeerList::sum).sum();
    for (Peer p : ownEntries()) {
      sum -= PeerList.hash(p);
    }
    return HexFormat.of().toHexDigits(sum);
  }

  public List<String> fdb() {
    return peers().stream()
        .filter(p -> p.vtepMac().isPresent())
        .map(p -> p.vtepMac().get() + " dst " + p.remote().orElseThrow())
        .sorted()
        .toList();
  }

  @Override
  public SortedMap<String, String> attributes() {
    return Attributes.of("routes", routes(), "vxlanPeers", vxlanPeers(), "digest", digest());
  }
}
