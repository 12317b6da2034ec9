package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.kernel.Link;
import dev.jkops.cloud.local.kernel.NetnsIp;
import dev.jkops.cloud.local.resources.NodeVxlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A node's VXLAN device, labelled {@code jk vxlan=<device>}. */
public final class NodeVxlanHandler implements ResourceHandler<NodeVxlan> {
  private final LocalContext ctx;

  public NodeVxlanHandler(LocalContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Optional<NodeVxlan> find(NodeVxlan desired) {
    String ns = ctx.names().instanceNamespace(desired.instance());
    return ctx.kernel().netns().exists(ns) ? read(ns, desired.instance()) : Optional.empty();
  }

  @Override
  public List<NodeVxlan> owned() {
    List<NodeVxlan> out = new ArrayList<>();
    for (String ns : ctx.instanceNamespaces()) {
      read(ns, ctx.instanceOf(ns)).ifPresent(out::add);
    }
    return out;
  }

  private Optional<NodeVxlan> read(String ns, String instance) {
    NetnsIp ip = ctx.kernel().ip(ns);
    for (Link l : ip.links()) {
      if ("vxlan".equals(l.kind()) && l.alias().startsWith(LocalContext.ALIAS_PREFIX + "vxlan=")) {
        List<String> addrs = ip.addresses(l.name());
        if (addrs.isEmpty() || !l.up()) {
          return Optional.empty(); // half made by a killed run: create makes it again
        }
        Map<String, String> info = l.info();
        return Optional.of(
            new NodeVxlan(
                ctx.names(),
                instance,
                l.name(),
                Integer.parseInt(info.getOrDefault("id", "0")),
                Integer.parseInt(info.getOrDefault("port", "0")),
                info.getOrDefault("local", ""),
                addrs.isEmpty() ? "none" : addrs.get(0),
                l.mac(),
                l.mtu()));
      }
    }
    return Optional.empty();
  }

  @Override
  public void create(NodeVxlan v) {
    NetnsIp ip = ctx.kernel().ip(ctx.names().instanceNamespace(v.instance()));
    // A run killed part way through here leaves the device without its label, address or state; its
    // VNI, port and underlay are fixed at creation, so it is made again rather than finished.
    ip.deleteLink(v.device());
    ip.addVxlan(v.device(), v.mac(), v.vni(), v.port(), v.local(), InstanceHandler.ETH0, v.mtu());
    ip.setAlias(v.device(), LocalContext.alias(Map.of("vxlan", v.device())));
    ip.addAddress(v.device(), v.address());
    ip.setUp(v.device());
  }

  @Override
  public void delete(NodeVxlan live) {
    String ns = ctx.names().instanceNamespace(live.instance());
    if (ctx.kernel().netns().exists(ns)) {
      ctx.kernel().ip(ns).deleteLink(live.device());
    }
  }
}
