package dev.jkops.cloud.local.handlers;

import dev.jkops.api.Cidr;
import dev.jkops.cloud.local.kernel.KernelRoute;
import dev.jkops.cloud.local.kernel.NetnsIp;
import dev.jkops.cloud.local.resources.NodePeers;
import dev.jkops.cloud.local.resources.NodePeers.Peer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Programs a node's routes to its peers' pod ranges (and, through VXLAN, their forwarding and
 * neighbour entries), adding what is missing and removing what is no longer wanted, in two batched
 * commands.
 */
public final class NodePeersHandler implements ResourceHandler<NodePeers> {
  private final LocalContext ctx;

  public NodePeersHandler(LocalContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Optional<NodePeers> find(NodePeers desired) {
    String ns = ctx.names().instanceNamespace(desired.instance());
    return ctx.kernel().netns().exists(ns) ? read(ns, desired.instance()) : Optional.empty();
  }

  @Override
  public List<NodePeers> owned() {
    List<NodePeers> out = new ArrayList<>();
    for (String ns : ctx.instanceNamespaces()) {
      read(ns, ctx.instanceOf(ns)).ifPresent(out::add);
    }
    return out;
  }

  private Optional<NodePeers> read(String ns, String instance) {
    NetnsIp ip = ctx.kernel().ip(ns);
    List<KernelRoute> routes =
        ip.routes(0).stream().filter(r -> KernelRoute.JKOPS_PROTOCOL.equals(r.protocol())).toList();
    if (routes.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Map<String, String>> macOfVia = new HashMap<>();
    Map<String, Map<String, String>> remoteOfMac = new HashMap<>();
    List<Peer> peers = new ArrayList<>();
    for (KernelRoute r : routes) {
      Optional<String> mac = Optional.empty();
      Optional<String> remote = Optional.empty();
      if (r.onlink()) {
        Map<String, String> neigh =
            macOfVia.computeIfAbsent(r.dev(), d -> pairs(ip.neighbours(d), " lladdr "));
        Map<String, String> fdb =
            remoteOfMac.computeIfAbsent(r.dev(), d -> pairs(ip.fdb(d), " dst "));
        mac = Optional.ofNullable(neigh.get(r.via()));
        remote = mac.map(fdb::get);
      }
      peers.add(new Peer(Cidr.parse(r.destination()), r.via(), r.dev(), r.onlink(), mac, remote));
    }
    return Optional.of(new NodePeers(ctx.names(), instance, peers));
  }

  private static Map<String, String> pairs(List<String> lines, String sep) {
    Map<String, String> m = new HashMap<>();
    for (String l : lines) {
      String[] kv = l.split(sep);
      m.put(kv[0], kv[1]);
    }
    return m;
  }

  @Override
  public void create(NodePeers desired) {
    apply(List.of(), desired.peers(), desired.instance());
  }

  @Override
  public void update(NodePeers live, NodePeers desired, List<dev.jkops.tasks.Change> changes) {
    apply(live.peers(), desired.peers(), desired.instance());
  }

  @Override
  public void delete(NodePeers live) {
    if (ctx.kernel().netns().exists(ctx.names().instanceNamespace(live.instance()))) {
      apply(live.peers(), List.of(), live.instance());
    }
  }

  private void apply(List<Peer> live, List<Peer> desired, String instance) {
    Set<Peer> keep = new HashSet<>(desired);
    Set<Peer> have = new HashSet<>(live);
    List<String> ipLines = new ArrayList<>();
    List<String> fdbLines = new ArrayList<>();
    for (Peer p : live) {
      if (!keep.contains(p)) {
        ipLines.add("route del " + String.join(" ", route(p).args()));
        if (p.vtepMac().isPresent()) {
          ipLines.add("neigh del " + p.via() + " dev " + p.dev());
          fdbLines.add(
              "fdb del "
                  + p.vtepMac().get()
                  + " dev "
                  + p.dev()
                  + " dst "
                  + p.remote().orElseThrow());
        }
      }
    }
    for (Peer p : desired) {
      if (!have.contains(p)) {
        if (p.vtepMac().isPresent()) {
          fdbLines.add(
              "fdb append "
                  + p.vtepMac().get()
                  + " dev "
                  + p.dev()
                  + " dst "
                  + p.remote().orElseThrow());
          ipLines.add(
              "neigh replace "
                  + p.via()
                  + " lladdr "
                  + p.vtepMac().get()
                  + " dev "
                  + p.dev()
                  + " nud permanent");
        }
        ipLines.add("route replace " + String.join(" ", route(p).args()));
      }
    }
    NetnsIp ip = ctx.kernel().ip(ctx.names().instanceNamespace(instance));
    // Forwarding entries go first on removal's reverse: a route never points at a peer the device
    // cannot reach.
    ip.bridgeBatch("program VXLAN forwarding entries of " + instance, fdbLines);
    ip.batch("program pod routes of " + instance, ipLines);
  }

  static KernelRoute route(Peer p) {
    KernelRoute r =
        new KernelRoute(p.range().toString(), p.via(), p.dev(), 0, p.onlink()).byJkops();
    return r;
  }
}
